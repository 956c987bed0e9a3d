/** Implementation of the sandbox servers; not API, may change without notice. */
package dev.junction.sandbox.internal;
