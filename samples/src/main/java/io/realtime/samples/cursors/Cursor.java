package io.realtime.samples.cursors;

/**
 * Someone's newest pointer position on a board.
 *
 * @param id the member's label on this board, such as {@code teal}; not the tab's id, which stays private
 * @param color the member's colour, CSS hex
 * @param x 0 to 1
 * @param y 0 to 1
 */
public record Cursor(String id, String color, double x, double y) {}
