// Offer Dutch next to English in the profile's interface language.
export default {
  config: { locales: ['nl'] },
  bootstrap() {},
};
