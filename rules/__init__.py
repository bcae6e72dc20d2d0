"""Data only: the shipped rule files, installed as quotes.ruledata."""
