/* Facts on the review pages (templates/claims/_fact_section.html, fact_review.html):
   select words of the claim with the mouse, or with the keyboard (the claim's text takes
   the focus; Shift+arrows select), then add, split, merge or correct a fact.

   The script only fills in the page's forms, which work without it (character numbers
   typed by hand), and opens them; the server decides and says why not. The selection
   becomes article offsets by counting the characters (code points, as Python counts
   them) of the text nodes before each end of it, from the claim's first character
   (data-start). Everything shown is set with textContent, never innerHTML. */
(function () {
  "use strict";

  function count(text) { return Array.from(text).length; }
  function quote(text) {
    var words = text.replace(/\s+/g, " ").trim();
    return "“" + (words.length > 80 ? words.slice(0, 79) + "…" : words) + "”";
  }

  function factEditor(root) {
    var facts = JSON.parse(root.getAttribute("data-facts") || "[]");
    var base = parseInt(root.getAttribute("data-start"), 10);
    var limit = parseInt(root.getAttribute("data-end"), 10);
    var status = document.getElementById("fact-selection");
    var tools = document.getElementById("fact-tools");
    var pinnedId = root.getAttribute("data-current-fact");
    var pinned = pinnedId ? byId(parseInt(pinnedId, 10)) : null;
    var current = pinned;
    var last = null;   // the last selection made in the claim's text

    function say(words) { if (status) { status.textContent = words; } }
    function byId(id) {
      for (var i = 0; i < facts.length; i++) { if (facts[i].id === id) { return facts[i]; } }
      return null;
    }
    function label(fact) { return fact.kind_label.toLowerCase() + " " + quote(fact.text); }

    if (isNaN(base) || isNaN(limit) || count(root.textContent) !== limit - base) {
      // The page's text is not the claim's characters (it should always be): numbers only.
      say("Selecting in the text is not available here; type the character numbers in the forms.");
      return;
    }
    if (!tools) { return; }  // reading only: nothing to edit
    tools.hidden = false;
    document.querySelectorAll(".fact-pick").forEach(function (b) { b.hidden = false; });

    /* Focusable, with a caret the arrow keys move and Shift extends, but read-only: the
       words are the article's. Anything that would change them is refused, and should
       some input slip through (an input method), the words are put back. */
    var original = root.innerHTML;
    root.setAttribute("contenteditable", "true");
    root.setAttribute("spellcheck", "false");
    root.setAttribute("role", "textbox");
    root.setAttribute("aria-readonly", "true");
    root.setAttribute("aria-multiline", "true");
    ["beforeinput", "paste", "cut", "drop", "dragstart"].forEach(function (name) {
      root.addEventListener(name, function (event) { event.preventDefault(); });
    });
    root.addEventListener("input", function () {
      root.innerHTML = original;
      light(current);
      say("The claim's words are the article's and cannot be changed here.");
    });

    function offset(node, at) {
      var range = document.createRange();
      range.selectNodeContents(root);
      range.setEnd(node, at);
      return base + count(range.toString());
    }
    // The selection as article offsets; null when it is not in the claim's text at all.
    function selection() {
      var sel = window.getSelection();
      if (!sel || sel.rangeCount === 0) { return null; }
      var range = sel.getRangeAt(0);
      if (!range.intersectsNode(root)) { return null; }
      if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) {
        return {outside: true};
      }
      var start = offset(range.startContainer, range.startOffset);
      var end = offset(range.endContainer, range.endOffset);
      return {start: start, end: end, collapsed: start === end, text: range.toString()};
    }
    // The fact at a character: the one picked if it holds it, else the narrowest.
    function factAt(at, strict) {
      var holds = function (f) { return strict ? f.start < at && at < f.end : f.start <= at && at <= f.end; };
      if (current && holds(current)) { return current; }
      var found = facts.filter(holds);
      found.sort(function (a, b) { return (a.end - a.start) - (b.end - b.start); });
      return found.length ? found[0] : null;
    }
    function light(fact) {
      document.querySelectorAll("#claim-text mark.fact-current, tr.fact-row.fact-current").forEach(function (el) {
        el.classList.remove("fact-current");
      });
      if (!fact) { return; }
      root.querySelectorAll('mark.fact[data-fact-id="' + fact.id + '"]').forEach(function (m) {
        m.classList.add("fact-current");
      });
      var row = document.getElementById("fact-" + fact.id);
      if (row) { row.classList.add("fact-current"); }
    }
    function pick(fact) { current = fact; light(fact); }
    function describe() {
      var s = last;
      var words = "";
      if (!s) { words = "Nothing selected in the claim yet."; }
      else if (s.outside) { words = "The selection reaches outside the claim: select words inside the claim's text."; }
      else if (s.collapsed) { words = "Caret at character " + s.start + "."; }
      else { words = "Selected " + quote(s.text) + ": characters " + s.start + " to " + s.end + "."; }
      if (current) { words += " Fact: " + label(current) + "."; }
      say(words);
    }

    function same(a, b) {
      return !!a && !!b && a.outside === b.outside && a.start === b.start && a.end === b.end;
    }
    // The selection now (the keys may come before the selectionchange event does).
    function refresh() {
      var s = selection();
      if (s) { last = s; track(s); }
      return last;
    }
    // A caret in a fact makes it the fact S, M and C act on (on a fact's page, that fact).
    function track(s) {
      if (!s.outside && s.collapsed && !pinned) {
        var fact = factAt(s.start, false);
        if (fact) { pick(fact); }
      }
    }
    document.addEventListener("selectionchange", function () {
      var s = selection();
      if (!s || same(s, last)) { return; }  // an action has read it already: keep its words
      last = s;
      track(s);
      describe();
    });

    function open(id) {
      var box = document.getElementById(id);
      if (box && box.tagName === "DETAILS") { box.open = true; }
      return box;
    }
    function needWords() {
      refresh();
      if (!last || last.outside) {
        say(last ? "The selection reaches outside the claim: select words inside the claim's text."
                 : "Select the words of the fact in the claim first (drag with the mouse, or Shift and the arrow keys).");
        return false;
      }
      if (last.collapsed) {
        say("The selection is empty: select the words of the fact in the claim first (drag with the mouse, or Shift and the arrow keys).");
        return false;
      }
      return true;
    }
    function editForms(fact) {
      var box = open("fact-edit-" + fact.id);
      return box || document;
    }

    var actions = {
      add: function () {
        var form = document.getElementById("fact-add-form");
        if (!form) { say("Facts are added on the claim's page."); return; }
        if (!needWords()) { return; }
        form.elements.start.value = last.start;
        form.elements.end.value = last.end;
        document.getElementById("fact-add-selection").textContent =
          "Adding " + quote(last.text) + " (characters " + last.start + " to " + last.end + "): choose its kind.";
        open("fact-add");
        form.querySelector(".fact-kind-button").focus();
        say("Choose the kind of the new fact: 1 figure, 2 attribution, 3 date or event, 4 comparison, 5 list; Esc goes back.");
      },
      split: function () {
        refresh();
        if (!last || last.outside) { say("Put the caret inside a fact, between two of its words, first."); return; }
        var fact = pinned || factAt(last.start, true);
        if (!fact || !(fact.start < last.start && last.start < fact.end)) {
          say("Put the caret inside " + (pinned ? "this fact" : "a fact") + ", between two of its words, to split it there.");
          return;
        }
        if (!fact.editable) { say("That fact cannot be edited now (see its status)."); return; }
        var form = editForms(fact).querySelector(".fact-split-form");
        form.elements.at.value = last.start;
        pick(fact);
        form.querySelector("button").focus();
        say("Split " + label(fact) + " at character " + last.start + ": press Enter to confirm, Esc to go back.");
      },
      merge: function () {
        refresh();
        var fact = current;
        if (!fact) { say("Put the caret in the fact to merge first."); return; }
        if (!fact.next_same) { say("No later " + fact.kind_label.toLowerCase() + " in this claim to merge " + quote(fact.text) + " with."); return; }
        if (!fact.editable) { say("That fact cannot be edited now (see its status)."); return; }
        var button = editForms(fact).querySelector(".fact-merge-button");
        if (!button) { say("That fact cannot be merged now."); return; }
        button.focus();
        say("Merge " + label(fact) + " with " + quote(byId(fact.next_same).text) + ": press Enter to confirm, Esc to go back.");
      },
      correct: function () {
        refresh();
        var fact = current;
        if (!fact) { say("Put the caret in the fact to correct first, then select its right words."); return; }
        if (!needWords()) { return; }
        if (!fact.editable) { say("That fact cannot be edited now (see its status)."); return; }
        var form = editForms(fact).querySelector(".fact-correct-form");
        form.elements.start.value = last.start;
        form.elements.end.value = last.end;
        form.elements.kind.focus();
        say("Correct " + label(fact) + " to " + quote(last.text) + ": check its kind and statement, then save the correction.");
      }
    };

    root.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      if (key === "a" || key === "Enter") { actions.add(); }
      else if (key === "s") { actions.split(); }
      else if (key === "m") { actions.merge(); }
      else if (key === "c") { actions.correct(); }
      else if (key === "Escape") {
        var sel = window.getSelection();
        if (sel && sel.rangeCount) { sel.collapseToStart(); }
      }
      else { return; }
      event.preventDefault();
    });
    if (tools) {
      tools.querySelectorAll("button[data-action]").forEach(function (button) {
        // Pressing the button keeps the focus (and the selection) in the claim's text.
        button.addEventListener("mousedown", function (event) { event.preventDefault(); });
        button.addEventListener("click", function () { actions[button.getAttribute("data-action")](); });
      });
    }
    document.querySelectorAll(".fact-pick").forEach(function (button) {
      button.addEventListener("click", function () {
        var fact = byId(parseInt(button.getAttribute("data-fact-id"), 10));
        pick(fact);
        describe();
        root.focus();
      });
    });

    // In the add form: 1-5 pick the kind; Esc goes back to the claim's text.
    var addForm = document.getElementById("fact-add-form");
    if (addForm) {
      addForm.addEventListener("keydown", function (event) {
        var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
        if (event.key === "Escape") {
          document.getElementById("fact-add").open = false;
          root.focus();
          event.preventDefault();
          return;
        }
        if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
        var button = addForm.querySelector('.fact-kind-button[data-key="' + event.key + '"]');
        if (button) { event.preventDefault(); button.click(); }
      });
    }
    // Esc in a fact's edit forms goes back to the claim's text too.
    document.querySelectorAll(".fact-edit-forms").forEach(function (box) {
      box.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") { return; }
        root.focus();
        event.preventDefault();
      });
    });

    light(current);
    // A refused edit comes back with its reason: show it where the work is.
    var error = document.getElementById("fact-error");
    if (error) { error.scrollIntoView({block: "center"}); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("claim-text");
    if (root) { factEditor(root); }
  });
})();
