// Draw each dashboard panel's bar chart from the JSON the page embeds (no network calls).
(function () {
  var node = document.getElementById("chart-data");
  if (!node || typeof echarts === "undefined") { return; }
  JSON.parse(node.textContent).forEach(function (chart) {
    var element = document.getElementById(chart.id);
    if (!element) { return; }
    var instance = echarts.init(element);
    instance.setOption({
      tooltip: { renderMode: "richText" },  // on the canvas: no style attributes (CSP)
      grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: chart.labels, inverse: true },
      series: [{ type: "bar", data: chart.values, itemStyle: { color: "#0d6efd" } }]
    });
    window.addEventListener("resize", function () { instance.resize(); });
  });
})();
