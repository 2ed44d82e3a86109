/**
 * JSON through Jakarta JSON Processing: strict parsing (no duplicate keys, bounded depth) and
 * writing of answers. Not API.
 */
package io.github.jwtauth.json;
