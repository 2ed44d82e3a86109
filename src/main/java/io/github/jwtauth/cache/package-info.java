/** Bounded, timer-free caches of verified values, each kept until its own expiry. Not API. */
package io.github.jwtauth.cache;
