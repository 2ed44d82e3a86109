/**
 * Container mode: a Jakarta Authentication (JASPIC 3.0) {@code ServerAuthModule} that lets the
 * container itself authenticate Bearer requests (and BASIC ones, against its realm) before it
 * enforces web.xml security-constraints, and the {@code ServletContainerInitializer} that decides
 * per web application whether to register it ({@code jwt-auth.mode}). Where the container does not
 * take the module, the filter stays the way in. Not API, except the initializer's service entry.
 */
package io.github.jwtauth.container;
