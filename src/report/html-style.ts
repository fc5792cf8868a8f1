/**
 * The report's only stylesheet, inlined so the file works offline and by e-mail. Colours are CSS
 * variables so that light and dark follow `prefers-color-scheme`; charts use the same variables.
 */
export const htmlStyle = `
:root{--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--pass:#1a7f37;--fail:#cf222e;--warn-bg:#fff8c5;--warn-fg:#6a4a00;--warn-line:#d4a72c;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--soft:#151b23;--pass:#3fb950;--fail:#f85149;--warn-bg:#3b2e00;--warn-fg:#f2cc60;--warn-line:#9e6a03}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}h3{font-size:15px;margin:16px 0 8px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:12px 0 0;color:var(--muted)}.meta dt{font-weight:600}.meta dd{margin:0;color:var(--fg)}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:1px 4px;border-radius:4px}
.banner{margin:16px 0;padding:12px 16px;border:1px solid var(--warn-line);border-left-width:6px;border-radius:6px;background:var(--warn-bg);color:var(--warn-fg)}.banner strong{letter-spacing:.08em}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;overflow-wrap:anywhere}
td.num,.badge{white-space:nowrap}th,td.ci{overflow-wrap:normal}td:not(.num):not(.ci){min-width:7em}td:first-child{min-width:10em}
th{font-weight:600;color:var(--muted);background:var(--soft)}td.num,th.num{text-align:right}.ci{color:var(--muted)}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:baseline}
.tag{display:inline-block;margin-left:6px;padding:0 6px;border-radius:10px;font-size:11px;border:1px solid var(--line);color:var(--muted)}.tag.simulated{border-color:var(--warn-line);background:var(--warn-bg);color:var(--warn-fg)}
tr.simulated td{background:color-mix(in srgb,var(--warn-bg) 45%,transparent)}
.badge{display:inline-block;min-width:44px;text-align:center;padding:1px 8px;border-radius:10px;font-weight:700;font-size:12px;color:#fff}.badge.pass{background:var(--pass)}.badge.fail{background:var(--fail)}
.note{color:var(--muted);font-size:13px}
figure{margin:8px 0 16px;overflow-x:auto}figcaption{color:var(--muted);font-size:13px;margin-top:4px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:8px 20px}
svg.chart{max-width:100%;height:auto;font:12px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg)}
svg.chart text{fill:currentColor}svg.chart .axis-title,svg.chart .note{fill:var(--muted)}
svg.chart .axis-line{stroke:var(--muted);stroke-width:1}svg.chart .grid{stroke:var(--line);stroke-width:1;stroke-dasharray:2 3}
svg.chart .lane{fill:var(--soft)}svg.chart .lane-edge{stroke:var(--line);stroke-dasharray:4 3}
svg.chart .interval{stroke-width:2}svg.chart .marker{stroke-width:2}svg.chart .simulated{stroke-dasharray:3 2}
svg.chart .box{fill-opacity:.35;stroke-width:1.5}svg.chart .bar{fill-opacity:.7;stroke-width:1}svg.chart .bar.simulated,svg.chart .box.simulated{fill-opacity:.15}
svg.chart .median{stroke:var(--fg);stroke-width:2}svg.chart .whisker{stroke:var(--muted);stroke-width:1.5;fill:none}
svg.chart .point-label{font-weight:600}
.verdict{display:inline-block;padding:0 8px;border-radius:10px;font-weight:700;font-size:12px;border:1px solid var(--line)}.verdict.better{background:var(--pass);color:#fff;border-color:var(--pass)}.verdict.worse{background:var(--fail);color:#fff;border-color:var(--fail)}.verdict.tie{background:var(--soft);color:var(--fg)}
ul.statements{padding-left:20px}ul.statements li{margin:4px 0}
.pair{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:flex-start}.pair>div{min-width:320px;flex:1 1 320px}.pair figure{margin-top:0}
svg.chart .zero{stroke:var(--fg);stroke-width:1.5}svg.chart path.interval{fill:none}svg.chart .interval.better{stroke:var(--pass)}svg.chart .interval.worse{stroke:var(--fail)}svg.chart .interval.tie{stroke:var(--muted)}
svg.chart .estimate.better{fill:var(--pass)}svg.chart .estimate.worse{fill:var(--fail)}svg.chart .estimate.tie{fill:var(--muted)}
svg.chart .cell{stroke:var(--bg);stroke-width:1}svg.chart .cell.empty{fill:var(--soft);fill-opacity:1}svg.chart text.on-dark{fill:#fff}svg.chart .count{font-variant-numeric:tabular-nums}
details{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:0 12px}details[open]{padding-bottom:12px}summary{cursor:pointer;padding:8px 0;font-weight:600}
.case{border-top:1px solid var(--line);padding-top:8px;margin-top:8px}.case pre{margin:4px 0;padding:8px;background:var(--soft);border-radius:4px;white-space:pre-wrap;word-break:break-word;font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;max-height:240px;overflow:auto}
footer{margin-top:40px;color:var(--muted);font-size:12px}
`;
