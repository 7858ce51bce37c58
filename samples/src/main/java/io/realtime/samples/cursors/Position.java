package io.realtime.samples.cursors;

/**
 * A pointer position sent by a page, {@code {"x":0.25,"y":0.5}}: fractions of the board's width and height, so
 * that windows of any size agree.
 *
 * @param x 0 (left) to 1 (right)
 * @param y 0 (top) to 1 (bottom)
 */
public record Position(double x, double y) {

    /** @return whether both coordinates are numbers from 0 to 1 */
    boolean isOnBoard() {
        return x >= 0 && x <= 1 && y >= 0 && y <= 1; // false for NaN
    }
}
