package io.hazardgate.simulator.signal;

/**
 * A model's output as an instrument reports it: kept inside the point's normal band and rounded to the
 * instrument's resolution.
 */
final class ShapedSignal implements SignalModel {
    private final SignalModel model;
    private final SafeBand band;
    private final double scale;

    ShapedSignal(SignalModel model, SafeBand band, int decimals) {
        this.model = model;
        this.band = band;
        this.scale = Math.pow(10, decimals);
    }

    @Override
    public double valueAt(long plantMillis) {
        double v = Math.rint(band.clamp(model.valueAt(plantMillis)) * scale) / scale;
        // Rounding may step just outside the band's edge; the edge itself is still clear of every limit.
        return band.clamp(v);
    }
}
