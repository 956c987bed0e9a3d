package dev.junction.server;

import dev.junction.JunctionException;

/** A server config file or environment variable is wrong; the message says where and what was expected. */
public class ServerConfigException extends JunctionException {
    public ServerConfigException(String message) {
        super(message);
    }

    public ServerConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
