/** IP address literals and trusted-proxy blocks, parsed without DNS. Not API. */
package io.github.jwtauth.net;
