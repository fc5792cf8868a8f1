/**
 * The arena voting page: one self-contained HTML file (inline CSS and script, no build step, no
 * external resource). It shows one case and two outputs side by side in a random order, never the
 * models' names; keys a, b, t and s vote for the left answer, the right answer, a tie, or skip.
 * The runs come from the page's own `?run=` parameters (passed through to the API), the voter's name
 * from `?voter=` or the name field (kept in localStorage).
 */
export function votingPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>tuneops arena: vote</title>
<style>
:root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--accent:#0969da;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--soft:#151b23;--accent:#4493f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1200px;margin:0 auto;padding:20px}
header{display:flex;flex-wrap:wrap;gap:12px;align-items:center;justify-content:space-between}
h1{font-size:20px;margin:0}
.progress{display:flex;align-items:center;gap:8px;color:var(--muted)}
progress{width:180px}
.case{margin:16px 0;padding:12px 16px;background:var(--soft);border:1px solid var(--line);border-radius:8px;white-space:pre-wrap}
.answers{display:grid;grid-template-columns:1fr 1fr;gap:16px}
@media (max-width:720px){.answers{grid-template-columns:1fr}}
.answer{border:1px solid var(--line);border-radius:8px;padding:12px 16px;white-space:pre-wrap;overflow-wrap:anywhere;min-height:120px}
.answer h2{font-size:14px;margin:0 0 8px;color:var(--muted)}
.buttons{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
button{font:inherit;padding:8px 16px;border:1px solid var(--line);border-radius:6px;background:var(--soft);color:var(--fg);cursor:pointer}
button:hover,button:focus-visible{border-color:var(--accent)}
kbd{font:12px ui-monospace,monospace;border:1px solid var(--line);border-radius:4px;padding:0 4px;margin-left:6px}
.note{color:var(--muted);font-size:13px}
.done{font-size:18px;margin:32px 0}
.error{color:#cf222e}
label{color:var(--muted)}input{font:inherit;padding:2px 6px}
</style>
</head>
<body>
<main>
<header>
<h1>Which answer is better?</h1>
<div class="progress"><progress id="bar" max="1" value="0"></progress><span id="progress" aria-live="polite">loading…</span></div>
<label>Your name <input id="voter" size="14" autocomplete="nickname"></label>
</header>
<div id="vote" hidden>
<div class="case" id="case"></div>
<div class="answers">
<section class="answer"><h2>Answer A</h2><div id="left"></div></section>
<section class="answer"><h2>Answer B</h2><div id="right"></div></section>
</div>
<div class="buttons">
<button id="choose-left" data-choice="left">A is better<kbd>a</kbd></button>
<button id="choose-right" data-choice="right">B is better<kbd>b</kbd></button>
<button id="choose-tie" data-choice="tie">Tie<kbd>t</kbd></button>
<button id="skip">Skip<kbd>s</kbd></button>
</div>
<p class="note">The answers come from different models, in a random order; their names stay hidden. Judge what serves the case best.</p>
</div>
<p class="done" id="finished" hidden>Every pair has your vote. Thank you!</p>
<p class="error" id="error" role="alert" hidden></p>
</main>
<script>
(() => {
  const params = new URLSearchParams(location.search);
  const runs = params.getAll("run");
  const voterInput = document.getElementById("voter");
  voterInput.value = params.get("voter") || localStorage.getItem("tuneops-voter") || "human";
  let current = null;
  let busy = false;
  const show = (id, visible) => { document.getElementById(id).hidden = !visible; };
  const fail = (message) => { const node = document.getElementById("error"); node.textContent = message; node.hidden = false; };
  const query = () => {
    const search = new URLSearchParams();
    for (const run of runs) search.append("run", run);
    search.set("voter", voterInput.value.trim() || "human");
    return search.toString();
  };
  async function call(method, path, body) {
    const response = await fetch(path, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error ? data.error.message + (data.error.hint ? " " + data.error.hint : "") : response.statusText);
    return data;
  }
  async function next() {
    busy = true;
    try {
      const data = await call("GET", "/api/arena/next?" + query());
      const { done, total } = data.progress;
      document.getElementById("progress").textContent = done + " of " + total + " voted";
      const bar = document.getElementById("bar");
      bar.max = Math.max(1, total);
      bar.value = done;
      current = data.pair;
      show("vote", current !== null);
      show("finished", current === null);
      if (current) {
        document.getElementById("case").textContent = current.case;
        document.getElementById("left").textContent = current.left;
        document.getElementById("right").textContent = current.right;
      }
      show("error", false);
    } catch (error) {
      fail(String(error.message || error));
    } finally {
      busy = false;
    }
  }
  async function answer(choice) {
    if (busy || !current) return;
    busy = true;
    const token = current.token;
    try {
      if (choice === "skip") await call("POST", "/api/arena/skip", { token });
      else await call("POST", "/api/arena/votes", { token, choice });
    } catch (error) {
      busy = false;
      fail(String(error.message || error));
      return;
    }
    await next();
  }
  for (const button of document.querySelectorAll("button[data-choice]")) button.addEventListener("click", () => answer(button.dataset.choice));
  document.getElementById("skip").addEventListener("click", () => answer("skip"));
  const keys = { a: "left", b: "right", t: "tie", s: "skip" };
  document.addEventListener("keydown", (event) => {
    if (event.target === voterInput || event.ctrlKey || event.metaKey || event.altKey) return;
    const choice = keys[event.key.toLowerCase()];
    if (choice) { event.preventDefault(); answer(choice); }
  });
  voterInput.addEventListener("change", () => { localStorage.setItem("tuneops-voter", voterInput.value.trim()); next(); });
  next();
})();
</script>
</body>
</html>
`;
}
