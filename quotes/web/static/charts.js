// Bar charts drawn with Chart.js from data the server put in a <script type="application/json">
// block: the data is parsed as JSON, never evaluated, so names in it stay text.
function barChart(canvasId, dataId, label, horizontal) {
  const data = JSON.parse(document.getElementById(dataId).textContent);
  return new Chart(document.getElementById(canvasId), {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: label, data: data.counts, backgroundColor: "#4a6fd6", maxBarThickness: 48 }] },
    options: {
      indexAxis: horizontal ? "y" : "x",
      animation: false,
      plugins: { legend: { display: false } },
      scales: { [horizontal ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}
