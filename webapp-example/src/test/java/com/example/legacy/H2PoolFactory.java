package com.example.legacy;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * JNDI factory for an H2 connection pool, for {@link TomcatExample}'s {@code <Resource
 * factory="com.example.legacy.H2PoolFactory" closeMethod="dispose" url="…" user="…"
 * password="…"/>}: H2's own {@code JdbcDataSourceFactory} does not pool (every connection would
 * reopen the database file). Tomcat disposes the pool when the context stops. Test scope only; a
 * standalone Tomcat would use its built-in DBCP pool instead.
 *
 * <p>Thread-safe: stateless.
 */
public final class H2PoolFactory implements ObjectFactory {

    @Override
    public Object getObjectInstance(Object object, Name name, Context context, Hashtable<?, ?> environment) {
        if (!(object instanceof Reference reference)) {
            return null;
        }
        return JdbcConnectionPool.create(value(reference, "url"), value(reference, "user"), value(reference, "password"));
    }

    private static String value(Reference reference, String name) {
        RefAddr address = reference.get(name);
        Object content = address == null ? null : address.getContent();
        if (content == null) {
            throw new IllegalArgumentException("the H2 pool resource needs the attribute " + name);
        }
        return content.toString();
    }
}
