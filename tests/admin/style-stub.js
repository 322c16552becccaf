// Style sheets the admin imports: nothing to load in jsdom.
module.exports = {};
