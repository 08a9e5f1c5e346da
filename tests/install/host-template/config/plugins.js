// The one line a host app adds (README: "Install in your Strapi app").
module.exports = () => ({
  invoicing: { enabled: true },
});
