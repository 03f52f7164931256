// Draw a province's institution layout chart from the JSON the page embeds (no network).
(function () {
  var el = document.getElementById("layout-chart");
  var data = document.getElementById("layout-chart-data");
  if (!el || !data || typeof echarts === "undefined") { return; }
  var option = JSON.parse(data.textContent);
  // A tooltip drawn on the canvas: ECharts' HTML tooltip writes style attributes, which the
  // Content-Security-Policy refuses.
  if (option.tooltip) { option.tooltip.renderMode = "richText"; }
  var chart = echarts.init(el, null, {renderer: "canvas"});
  chart.setOption(option);
  window.addEventListener("resize", function () { chart.resize(); });
  el.dataset.ready = "1";
})();
