// The SPARQL page's editor (YASGUI), set up for this endpoint only; a file of its own, so that
// the Content-Security-Policy allows scripts from this site alone, none inline.
(function () {
  "use strict";
  var host = document.getElementById("yasgui");
  var endpoint = new URL(host.dataset.endpoint, window.location.href).href;
  // no requests elsewhere: prefix.cc and LOV autocompletion off, only our endpoint listed
  Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(function (name) {
    return name === "variables";
  });
  // the query of the link that opened the page (/sparql?query=…), else the first example
  var first = document.getElementById("given-query") || document.querySelector("pre[id^='example-']");
  if (first) { Yasgui.Yasqe.defaults.value = first.textContent; }
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] }
  });
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var tab = yasgui.getTab();
      tab.setQuery(document.getElementById("example-" + button.dataset.example).textContent);
      tab.query();
      document.getElementById("yasgui").scrollIntoView();
    });
  });
  // names for assistive technology and keyboard access, also for what YASR draws later
  var names = [
    [".CodeMirror textarea", "SPARQL-query"],
    [".CodeMirror-scroll", "SPARQL-query (scrollen)"],
    ["select.tableSizer", "Rijen per pagina"],
    ["input.tableFilter", "Resultaten filteren"]
  ];
  function label() {
    names.forEach(function (pair) {
      document.querySelectorAll("#yasgui " + pair[0]).forEach(function (element) {
        if (!element.hasAttribute("aria-label")) { element.setAttribute("aria-label", pair[1]); }
        if (element.classList.contains("CodeMirror-scroll")) { element.tabIndex = 0; }
      });
    });
  }
  label();
  new MutationObserver(label).observe(document.getElementById("yasgui"), { childList: true, subtree: true });
})();
