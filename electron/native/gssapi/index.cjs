'use strict';
// The compiled initiator; a build without it (no compiler or Kerberos headers at install) throws
// here, and the app reports Kerberos as unavailable instead of failing to start.
module.exports = require('./build/Release/winrm_desk_gssapi.node');
