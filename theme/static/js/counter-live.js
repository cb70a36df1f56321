/* campaign_counter live refresh (optional: CAMPAIGN_COUNTER["live_refresh"]).
 *
 * Progressive enhancement for counters rendered at build time with
 * data-cc-live: fetches the feed (the URL must allow cross-origin reads),
 * and updates the figure in place with the page's own formatting:
 * Intl.NumberFormat for the number, Intl.PluralRules to pick the sentence
 * among the plural forms embedded at build time (data-cc-count-forms,
 * data-cc-progress-forms: CLDR category -> text with {num} / {goal}).
 * Anything unexpected (no fetch/Intl, network error, invalid data, a lower
 * count) leaves the build-time figure as it is. Text only: never innerHTML.
 */
(function () {
  "use strict";

  var MAX = 1000000000;
  if (!window.fetch || !window.Intl || !Intl.PluralRules || !document.querySelectorAll) {
    return;
  }

  function isCount(value) {
    return typeof value === "number" && Math.floor(value) === value && value >= 0 && value <= MAX;
  }

  function totalOf(campaign) {
    if (!campaign || !isCount(campaign.count)) { return null; }
    var total = campaign.count;
    var offline = campaign.offline || [];
    if (!Array.isArray(offline)) { return null; }
    for (var i = 0; i < offline.length; i++) {
      if (!offline[i] || !isCount(offline[i].count)) { return null; }
      total += offline[i].count;
    }
    return total;
  }

  // the goals come from the build (data-cc-goals, ascending): the first above the total is shown
  function goalAfter(total, goals) {
    for (var i = 0; i < goals.length; i++) {
      if (goals[i] > total) { return goals[i]; }
    }
    return null;
  }

  function pick(forms, rules, n) {
    return forms[rules.select(n)] || forms.other || forms.many || null;
  }

  function parseJSON(text) {
    try { return JSON.parse(text || "{}"); } catch (e) { return {}; }
  }

  function update(node, doc) {
    if (!doc || !Array.isArray(doc.campaigns)) { return; }
    var id = node.getAttribute("data-cc-campaign");
    var campaign = null;
    for (var i = 0; i < doc.campaigns.length; i++) {
      if (doc.campaigns[i] && doc.campaigns[i].id === id) { campaign = doc.campaigns[i]; }
    }
    var total = totalOf(campaign);
    var shown = parseInt(node.getAttribute("data-cc-total"), 10);
    var minimum = parseInt(node.getAttribute("data-cc-min"), 10) || 0;
    if (total === null || total <= shown || total < minimum) { return; }

    var lang = node.getAttribute("data-cc-lang") || document.documentElement.lang || "en";
    var numbers = new Intl.NumberFormat(lang);
    var rules = new Intl.PluralRules(lang);
    var template = pick(parseJSON(node.getAttribute("data-cc-count-forms")), rules, total);
    var headline = node.querySelector("[data-cc-headline]");
    if (!template || !headline || template.indexOf("{num}") < 0) { return; }

    var parts = template.split("{num}");
    var strong = document.createElement("strong");
    strong.className = "cc-number";
    strong.textContent = numbers.format(total);
    while (headline.firstChild) { headline.removeChild(headline.firstChild); }
    headline.appendChild(document.createTextNode(parts[0]));
    headline.appendChild(strong);
    headline.appendChild(document.createTextNode(parts.slice(1).join("")));

    var bar = node.querySelector("progress");
    var barText = node.querySelector("[data-cc-progress-text]");
    if (bar && barText) {
      var goalsText = node.getAttribute("data-cc-goals");
      var goal = goalAfter(total, goalsText ? goalsText.split(" ").map(Number) : []);
      var sentence = goal && pick(parseJSON(node.getAttribute("data-cc-progress-forms")), rules, goal);
      if (sentence) {
        bar.max = goal;
        bar.value = total;
        bar.textContent = new Intl.NumberFormat(lang, { style: "percent" }).format(total / goal);
        barText.textContent = sentence
          .split("{num}").join(numbers.format(total))
          .split("{goal}").join(numbers.format(goal));
      }
    }
    var asOf = node.querySelector("[data-cc-as-of]");
    if (asOf) { asOf.hidden = true; }
    node.setAttribute("data-cc-total", String(total));
  }

  function start() {
    var nodes = document.querySelectorAll("[data-cc-live]:not([data-cc-bound])");
    var byUrl = {};
    for (var i = 0; i < nodes.length; i++) {
      var url = nodes[i].getAttribute("data-cc-feed") || "";
      nodes[i].setAttribute("data-cc-bound", "");
      if (!/^https?:\/\//i.test(url)) { continue; }
      (byUrl[url] = byUrl[url] || []).push(nodes[i]);
    }
    Object.keys(byUrl).forEach(function (url) {
      fetch(url, { mode: "cors", credentials: "omit", cache: "no-cache", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (doc) {
          byUrl[url].forEach(function (node) {
            try { update(node, doc); } catch (e) { /* keep the build-time figure */ }
          });
        })
        .catch(function () { /* keep the build-time figure */ });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
