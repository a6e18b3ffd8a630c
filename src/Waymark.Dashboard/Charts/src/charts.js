// Progressive enhancement: draws each chart of the page from its JSON island with Chart.js. Without this script
// the page shows the same numbers in the chart's table; once a chart is drawn, its table is only visually hidden,
// so screen readers still read the numbers.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

// The colours come from the stylesheet's custom properties, so the charts follow the dashboard's palette.
function palette() {
  const style = getComputedStyle(document.documentElement);
  const read = (name) => style.getPropertyValue(name).trim();
  const series = [];
  for (let i = 1; read(`--chart-${i}`) !== ""; i++) {
    series.push(read(`--chart-${i}`));
  }

  return { series: series.length > 0 ? series : ["#3346d3"], text: read("--text"), grid: read("--border") };
}

function formatter(format) {
  const locale = document.documentElement.lang || "en";
  const number = format === "percent"
    ? new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 })
    : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  return (value) => (value === null || value === undefined ? "—" : number.format(value));
}

function draw(canvas, colours) {
  const island = document.getElementById(canvas.dataset.chart);
  if (!island) {
    return;
  }

  const data = JSON.parse(island.textContent);
  const kind = data.kind;
  const stacked = kind === "stacked_bar";
  const line = kind === "line";
  const format = formatter(data.format);
  const whole = data.format !== "percent" && data.series.every((s) => s.values.every((v) => v === null || Number.isInteger(v)));
  const datasets = data.series.map((s, i) => {
    const colour = colours.series[i % colours.series.length];
    return {
      label: s.name,
      data: s.values,
      backgroundColor: colour,
      borderColor: colour,
      borderWidth: line ? 2 : 0,
      pointRadius: line ? 3 : 0,
    };
  });
  const options = {
    responsive: true,
    maintainAspectRatio: false,
    plugins: {
      legend: { display: data.series.length > 1, labels: { color: colours.text } },
      tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${format(item.parsed.y)}` } },
    },
    scales: {
      x: { stacked, ticks: { color: colours.text }, grid: { display: false } },
      y: {
        stacked,
        beginAtZero: true,
        ticks: { color: colours.text, precision: whole ? 0 : undefined, callback: (value) => format(value) },
        grid: { color: colours.grid },
      },
    },
  };
  if (reducedMotion.matches) {
    options.animation = false;
  }

  // Shown before drawing: Chart.js sizes the canvas from its box, which a hidden canvas does not have.
  canvas.hidden = false;
  try {
    new Chart(canvas, { type: line ? "line" : "bar", data: { labels: data.labels, datasets }, options });
  } catch (error) {
    canvas.hidden = true;
    throw error;
  }

  canvas.closest(".chart")?.classList.add("chart-drawn");
}

function drawAll() {
  const canvases = document.querySelectorAll("canvas[data-chart]");
  if (canvases.length === 0) {
    return;
  }

  const colours = palette();
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = colours.text;
  for (const canvas of canvases) {
    draw(canvas, colours);
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", drawAll);
} else {
  drawAll();
}
