// Bar charts drawn with Chart.js: every <canvas data-chart="ID"> gets one, from the data the
// server put in <script type="application/json" id="ID">. The data is parsed as JSON, never
// evaluated, so names in it stay text; and no script is inline, so the page's Content
// Security Policy can forbid inline scripts altogether.
document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
  const data = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
  const horizontal = canvas.dataset.horizontal === "true";
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{ label: "Quotes", data: data.counts, backgroundColor: "#4a6fd6", maxBarThickness: 48 }],
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      animation: false,
      plugins: { legend: { display: false } },
      scales: { [horizontal ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
});
