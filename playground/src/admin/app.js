// Admin panel customisation of the playground: offer Dutch next to English in the profile's
// interface language, so the plugin's `nl` translations can be chosen.
export default {
  config: {
    locales: ['nl'],
  },
  bootstrap() {},
};
