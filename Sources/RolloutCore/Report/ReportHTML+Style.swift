/// The page's own CSS and script, allowed by their hashes in its Content-Security-Policy.
extension ReportHTML {
    /// Light page, the timeline on the terminal's dark background in the terminal's colours.
    /// Print: A4 landscape (the timeline's width), every chart kept whole on a page, colours
    /// printed, the filter and the folded pod details left out.
    static let style = """
    :root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa}
    *{box-sizing:border-box}
    body{margin:0 auto;max-width:1240px;padding:16px 20px 40px;font:14px/1.45 system-ui,"Segoe UI","DejaVu Sans",sans-serif;color:var(--fg);background:#fff}
    h1{font-size:22px;margin:0 0 2px}
    h2{font-size:19px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
    h3{font-size:16px;margin:22px 0 6px}
    h4{font-size:14px;margin:14px 0 4px;font-weight:600}
    h5{font-size:13px;margin:10px 0 4px}
    a{color:#0b5cad}
    .muted{color:var(--muted)}
    .mono,code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
    dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:1px 16px;margin:6px 0}
    dl.facts dt{color:var(--muted)}
    dl.facts dd{margin:0;overflow-wrap:anywhere}
    .verdict{margin:8px 0;padding:8px 12px;border-left:6px solid;border-radius:4px;font-weight:600}
    .sev-error{border-color:\(AnsiColour.red.rgb);background:#fdecec}
    .sev-warning{border-color:#b58900;background:#fff6dc}
    .sev-info,.sev-none{border-color:\(AnsiColour.green.rgb);background:#e8f7f0}
    .timeline svg{display:block;width:100%;height:auto;background:\(AnsiColour.backgroundRGB)}
    .timeline svg.legend{margin:6px 0 10px;border-radius:4px}
    .timeline svg.chart{margin:0 0 2px}
    .timeline svg .pod.dim{opacity:.18}
    .timeline svg a text{text-decoration:none}
    .timeline svg a:hover text{text-decoration:underline}
    details.group>summary{cursor:pointer;font-weight:600;padding:4px 0}
    table{border-collapse:collapse;width:100%;font-size:13px;margin:4px 0 10px}
    th,td{text-align:left;padding:3px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
    thead th{position:sticky;top:0;background:var(--head)}
    tr.rs th{background:#eef1f4}
    .num{text-align:right;font-variant-numeric:tabular-nums}
    caption{text-align:left;font-weight:600;padding:6px 0 2px}
    .killed{color:\(AnsiColour.red.rgb);font-weight:600}
    .badge{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;font-weight:600;color:#fff}
    .badge.error{background:\(AnsiColour.red.rgb)}
    .badge.warning{background:#b58900}
    .badge.info{background:\(AnsiColour.blue.rgb)}
    .finding-kind ul{margin:2px 0 8px;padding-left:22px}
    .finding-kind li{margin:3px 0}
    .pod-detail{border:1px solid var(--line);border-radius:4px;margin:4px 0;padding:2px 10px}
    .pod-detail>summary{cursor:pointer}
    #filter{font:inherit;padding:4px 8px;margin:6px 0;width:22em;max-width:100%}
    footer{margin-top:32px;font-size:12px}
    @media print{
    @page{size:A4 landscape;margin:10mm}
    body{max-width:none;padding:0;font-size:11px}
    .noprint,.pod-details{display:none}
    .timeline svg{print-color-adjust:exact;-webkit-print-color-adjust:exact;break-inside:avoid}
    h2,h3,h4,summary{break-after:avoid}
    tr{break-inside:avoid}
    thead th{position:static}
    a{color:inherit;text-decoration:none}
    }
    """

    /// A filter by pod name (dims the timeline's other rows, hides their table rows and
    /// details) and, before printing, every revision unfolded.
    static let script = """
    (function(){
    var f=document.getElementById('filter');
    if(!f)return;
    f.hidden=false;
    f.addEventListener('input',function(){
    var q=f.value.toLowerCase();
    document.querySelectorAll('[data-pod]').forEach(function(e){
    var m=!q||(e.getAttribute('data-pod')||'').toLowerCase().indexOf(q)>=0;
    if(e instanceof SVGElement){e.classList.toggle('dim',!m)}else{e.hidden=!m}
    });
    });
    window.addEventListener('beforeprint',function(){
    document.querySelectorAll('details.group').forEach(function(d){d.open=true});
    });
    })();
    """
}
