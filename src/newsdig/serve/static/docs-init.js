// Starts Swagger UI on /docs from the locally served bundle (see serve/docs.py).
window.addEventListener("load", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
