package io.realtime.samples.ticker;

/**
 * One quote of the ticker: event {@code price}, {@code {"symbol":"ACME","price":101.25,"at":"..."}}.
 *
 * @param symbol the instrument
 * @param price the new price, to the cent
 * @param at when it was quoted, ISO-8601 in UTC
 */
public record Price(String symbol, double price, String at) {}
