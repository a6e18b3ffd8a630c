/**
 * The widgets' CSS, adopted by the shadow root as a constructable stylesheet: a <style> element or a style
 * attribute would need 'unsafe-inline' under a strict style-src, adoptedStyleSheets does not.
 */
export const CSS = `
:host{all:initial;font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328}
*{box-sizing:border-box}
[hidden]{display:none!important}
.bd{position:fixed;inset:0;background:rgba(15,20,30,.45);z-index:2147483000;animation:wi .15s ease-out}
.c{position:fixed;z-index:2147483001;background:#fff;border-radius:10px;box-shadow:0 8px 30px rgba(0,0,0,.2);padding:16px 20px;width:max-content;max-width:min(360px,calc(100vw - 16px));animation:wi .15s ease-out}
.m{top:50%;left:50%;transform:translate(-50%,-50%);width:min(480px,calc(100vw - 32px));max-width:none}
.b{left:0;right:0;width:auto;max-width:none;border-radius:0;display:flex;flex-wrap:wrap;align-items:center;gap:4px 16px;padding:10px 48px 10px 20px}
.b.top{top:0}.b.bottom{bottom:0}
.b h2,.b .f{margin:0}
h2{margin:0 28px 6px 0;font-size:16px;line-height:1.3}
.bo p,.bo ul,.bo ol{margin:0 0 8px}
.bo>:last-child{margin-bottom:0}
.bo a{color:#2f6feb}
.bo code{font-family:ui-monospace,monospace;background:#f1f3f5;padding:0 3px;border-radius:3px}
.f{display:flex;gap:8px;justify-content:flex-end;align-items:center;margin-top:12px}
.n{margin-right:auto;color:#6e7781;font-size:12px}
button{font:inherit;cursor:pointer;border:0;border-radius:6px;padding:6px 12px;background:#eef1f5;color:#1f2328}
button.p{background:#2f6feb;color:#fff}
button:focus-visible,a:focus-visible,textarea:focus-visible{outline:2px solid #2f6feb;outline-offset:2px}
.x{position:absolute;top:6px;right:6px;background:none;font-size:18px;line-height:1;padding:4px 8px;color:#6e7781}
.d{position:fixed;z-index:2147483001;width:16px;height:16px;margin:-8px 0 0 -8px;padding:0;border-radius:50%;background:#2f6feb;border:2px solid #fff;animation:wp 1.6s infinite}
.k{position:fixed;right:20px;bottom:20px;border-radius:20px;padding:8px 16px;box-shadow:0 4px 14px rgba(0,0,0,.2)}
.k span{margin-left:8px;opacity:.85}
.k,.pn{z-index:2147482999}
.pn{right:20px;bottom:68px;width:320px;max-height:70vh;overflow:auto}
.pn ul{list-style:none;margin:8px 0 0;padding:0}
.pn li{display:flex;gap:10px;padding:8px 0;border-top:1px solid #eef1f5}
.pn li p{margin:2px 0 0;color:#6e7781;font-size:13px}
.pn .ok{color:#1a7f37}.pn li.dn b{text-decoration:line-through;color:#6e7781}
.pn li button{padding:0;background:none;color:#2f6feb;font-weight:600;text-align:left}
button:disabled{opacity:.5;cursor:default}
.sv{right:20px;bottom:20px;width:min(360px,calc(100vw - 16px))}
.k~.sv,.sv:has(~.k){bottom:68px}
.sc{display:flex;gap:4px}
.sc button{flex:1;min-width:0;padding:6px 0}
.ch{display:grid;gap:6px}
.ch button{text-align:left}
[aria-checked=true]{background:#2f6feb;color:#fff}
[role=checkbox][aria-checked=true]:before{content:"✓ "}
.lb{display:flex;justify-content:space-between;margin-top:4px;color:#6e7781;font-size:12px}
textarea{display:block;width:100%;min-height:80px;font:inherit;border:1px solid #d0d7de;border-radius:6px;padding:6px 8px;resize:vertical}
.ty{margin:0 28px 0 0}
@media (max-width:480px){.sv{left:0;right:0;bottom:0;width:auto;max-width:none;border-radius:10px 10px 0 0}}
@keyframes wi{from{opacity:0}}
@keyframes wp{0%{box-shadow:0 0 0 0 rgba(47,111,235,.6)}100%{box-shadow:0 0 0 14px rgba(47,111,235,0)}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`;
