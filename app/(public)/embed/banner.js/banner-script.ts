// The embeddable status banner, served as text by ./route.ts to any merchant website:
//   <script src="https://<portal>/embed/banner.js" data-locale="zh-CN" async></script>
// It is a string, not a module: it runs on pages we do not control, so it must be small, old-browser-safe
// ES5 and must never break its host. Everything runs inside one try/catch and one promise chain whose
// failures are swallowed: PayOps unreachable, slow (3 s timeout), answering garbage or blocking storage
// leaves the host page exactly as it was. It reads GET /api/status (the public snapshot, CORS-open), puts
// text only through textContent (never innerHTML), and lives in a Shadow DOM so neither side's CSS leaks.
// One global: window.PayOpsStatusBanner ({ refresh }), which also keeps a second copy from running twice.
// Styles go through a constructable stylesheet when available (not subject to the host's CSP style-src).
export const BANNER_SCRIPT = String.raw`(function(){"use strict";
try{
var w=window,d=document,s=d.currentScript;
if(!s||w.PayOpsStatusBanner)return;
var origin=new URL(s.src,d.baseURI).origin;
var lang=s.getAttribute("data-locale")||(navigator.languages&&navigator.languages[0])||navigator.language||"";
var zh=/^zh/i.test(lang),locale=zh?"zh-CN":"en";
var T=zh?{details:"查看详情",close:"关闭状态通知"}:{details:"Details",close:"Dismiss status notice"};
var KEY="payops-status-banner-dismissed",host=null,shown=null;
var CSS=":host{all:initial;display:block}"+
".b{box-sizing:border-box;display:flex;gap:12px;align-items:flex-start;padding:10px 16px;font:14px/1.5 system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;border-bottom:1px solid;color:#0f172a}"+
".info{background:#eff6ff;border-color:#bfdbfe}.warning{background:#fffbeb;border-color:#fde68a}.critical{background:#fef2f2;border-color:#fecaca}"+
".t{flex:1;margin:0;min-width:0}.h{font-weight:600;margin-right:6px}a{color:#3730a3;margin-left:6px;white-space:nowrap}"+
"button{all:unset;cursor:pointer;padding:0 6px;font-size:20px;line-height:1;color:#334155;border-radius:4px}button:focus-visible{outline:2px solid #4f46e5}";
var str=function(v,n){return typeof v==="string"?v.slice(0,n):""};
var keyOf=function(b){return String(b.id)+"@"+b.updatedAt};
var dismissed=function(b){try{return w.localStorage.getItem(KEY)===keyOf(b)}catch(e){return false}};
var remember=function(b){try{w.localStorage.setItem(KEY,keyOf(b))}catch(e){}};
var remove=function(){if(host&&host.parentNode)host.parentNode.removeChild(host);host=null;shown=null};
var safeUrl=function(u){try{var x=new URL(u);return x.protocol==="https:"||x.protocol==="http:"?x.href:null}catch(e){return null}};
var el=function(root,tag,cls,text){var e=d.createElement(tag);if(cls)e.className=cls;if(text)e.textContent=text;root.appendChild(e);return e};
function valid(b){
if(!b||typeof b!=="object"||(typeof b.id!=="number"&&typeof b.id!=="string")||!str(b.title,300))return null;
return{id:b.id,updatedAt:str(b.updatedAt,64),title:str(b.title,300),body:str(b.body,2000),
severity:/^(info|warning|critical)$/.test(b.severity)?b.severity:"warning",url:safeUrl(b.url)};
}
function render(b){
if(shown===keyOf(b)&&host&&host.isConnected)return;
remove();
if(dismissed(b)||!d.body||typeof d.body.attachShadow!=="function")return;
var h=d.createElement("payops-status-banner");
h.style.setProperty("all","initial","important");h.style.setProperty("display","block","important");
var root=h.attachShadow({mode:"open"});
if(root.adoptedStyleSheets&&typeof CSSStyleSheet==="function"){try{var sh=new CSSStyleSheet();sh.replaceSync(CSS);root.adoptedStyleSheets=[sh]}catch(e){el(root,"style","",CSS)}}
else el(root,"style","",CSS);
var box=el(root,"div","b "+b.severity);
box.setAttribute("role","status");box.setAttribute("aria-live","polite");box.setAttribute("lang",locale);
var p=el(box,"p","t");el(p,"span","h",b.title);if(b.body)el(p,"span","",b.body);
if(b.url){var a=el(p,"a","",T.details);a.href=b.url;a.target="_blank";a.rel="noopener noreferrer"}
var x=el(box,"button","","\u00d7");x.type="button";x.setAttribute("aria-label",T.close);
x.addEventListener("click",function(){remember(b);remove()});
d.body.insertBefore(h,d.body.firstChild);host=h;shown=keyOf(b);
}
function check(){
if(typeof fetch!=="function")return;
var ctl=typeof AbortController==="function"?new AbortController():null;
var timer=setTimeout(function(){if(ctl)ctl.abort()},3000);
fetch(origin+"/api/status?locale="+locale,{signal:ctl?ctl.signal:void 0,credentials:"omit",mode:"cors"})
.then(function(r){if(!r.ok)throw 0;return r.json()})
.then(function(j){
if(!j||typeof j!=="object"||!("banner" in j))return;
var b=valid(j.banner);
var go=function(){try{if(b)render(b);else remove()}catch(e){}};
if(d.body)go();else d.addEventListener("DOMContentLoaded",go);
})
.catch(function(){})
.then(function(){clearTimeout(timer)});
}
w.PayOpsStatusBanner={refresh:check};
check();
var poll=parseInt(s.getAttribute("data-poll")||"",10);
if(poll>0)setInterval(function(){if(d.visibilityState!=="hidden")check()},Math.max(poll,15)*1000);
}catch(e){}
})();
`;
