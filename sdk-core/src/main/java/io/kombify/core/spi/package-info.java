/** Types for implementers of SDK extension points (service providers and plugins). */
package io.kombify.core.spi;
