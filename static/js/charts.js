/* Draw every chart of the page from its json_script data, and follow a mark's link on click.
   Figures come from engagements/dashboard/charts/; each mark carries the URL of the filtered list it
   counts (or of the engagement it is) in customdata. No inline script: CSP allows only files
   from our origin. */
(function () {
  "use strict";

  // The toolbar holds what an analyst needs and nothing else: download a PNG, and reset a
  // chart that can be zoomed. Listing the buttons leaves out plotly's logo link and its
  // "share to the cloud" button, which would offer to upload the chart to an outside service.
  var CONFIG = {
    displaylogo: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    responsive: true
  };

  function toolbar(layout) {
    var buttons = ["toImage"];
    if (layout.geo) {
      buttons.push("resetGeo");
    } else if ((layout.xaxis && layout.xaxis.fixedrange === false) || (layout.yaxis && layout.yaxis.fixedrange === false)) {
      buttons.push("resetScale2d");
    }
    return [buttons];
  }

  // Only our own pages: a mark never sends the browser to another site. The link is parsed
  // the way the browser will follow it (it drops tabs and newlines, reads a backslash as "/"), so
  // "/\t/evil.example" is the other site it is, not a path.
  function sameSiteTarget(value) {
    var href = Array.isArray(value) ? value[0] : value;
    var url;
    if (typeof href !== "string") {
      return null;
    }
    try {
      url = new URL(href, window.location.origin);
    } catch (error) {
      return null;
    }
    return url.origin === window.location.origin ? url.pathname + url.search + url.hash : null;
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    if (!source || !window.Plotly) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    var config = Object.assign({}, CONFIG, {
      modeBarButtons: toolbar(figure.layout || {}),
      toImageButtonOptions: { filename: element.id, scale: 2 }
    });
    var topojson = element.getAttribute("data-topojson");
    if (topojson) {
      config.topojsonURL = topojson;
    }
    window.Plotly.newPlot(element, figure.data, figure.layout, config).then(function (graph) {
      graph.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        var target = point && sameSiteTarget(point.customdata);
        if (target) {
          window.location.assign(target);
        }
      });
      graph.on("plotly_hover", function () { graph.classList.add("is-pointing"); });
      graph.on("plotly_unhover", function () { graph.classList.remove("is-pointing"); });
      graph.setAttribute("data-drawn", "true");
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-figure]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
