// Interactive API docs from the vendored swagger-ui-dist (no CDN), reading this server's /openapi.json.
window.ui = window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
  presets: [window.SwaggerUIBundle.presets.apis], layout: "BaseLayout" });
