/**
 * The servlet-free core, wired once: {@link io.github.jwtauth.core.JwtAuthCore} builds the token,
 * credential and store components from the settings by constructor injection, and {@link
 * io.github.jwtauth.core.StatusRefresher} owns the one background thread. Adapters (the servlet
 * filter and endpoints, the benchmarks) sit on top of it. Not API.
 */
package io.github.jwtauth.core;
