// Dashboard chart: ties added per month, from the JSON block the page carries (no inline script: CSP).
(function () {
  const canvas = document.getElementById("ties-chart");
  const source = document.getElementById("ties-data");
  if (!canvas || !source) return;
  const data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: { labels: Object.keys(data), datasets: [{ label: canvas.dataset.label, data: Object.values(data), backgroundColor: "#00467f" }] },
    options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
