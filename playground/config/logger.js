const { winston, formats } = require('@strapi/logger');

// STRAPI_LOG_LEVEL (default info) lets tests keep the output to errors.
const level = process.env.STRAPI_LOG_LEVEL || 'info';

module.exports = {
  level,
  transports: [
    new winston.transports.Console({
      level,
      format: winston.format.combine(formats.levelFilter(level), formats.prettyPrint({ timestamps: 'YYYY-MM-DD hh:mm:ss.SSS' })),
    }),
  ],
};
