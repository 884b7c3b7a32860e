using System.Runtime.CompilerServices;

namespace HyperFlow;

/// <summary>
/// The watermarks of events that arrive at most a fixed bound out of order, as Apache Flink's
/// <c>BoundedOutOfOrdernessWatermarks</c>: the watermark is the largest timestamp seen minus the bound
/// minus 1, so an event whose timestamp is within the bound of the largest seen is never late. With a
/// bound of 0 it is the watermark of monotonous (ascending) timestamps.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
/// <remarks>
/// Declared by <see cref="IStream{T}.Timestamps(TimestampFunction{T}, long, long)"/>; the fused chain
/// creates one per source partition.
/// </remarks>
public struct BoundedOutOfOrdernessWatermarks<T> : IWatermarkGenerator<T>
{
    private readonly long _bound;
    private long _maxTimestamp;

    /// <summary>Creates the generator.</summary>
    /// <param name="maxOutOfOrder">How far (in timestamp units, usually milliseconds) an event may trail the largest timestamp seen; 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxOutOfOrder"/> is negative.</exception>
    public BoundedOutOfOrdernessWatermarks(long maxOutOfOrder)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutOfOrder);
        _bound = maxOutOfOrder;
        // Start where the first watermark would be long.MinValue, so that subtracting cannot underflow.
        _maxTimestamp = long.MinValue + maxOutOfOrder + 1;
    }

    /// <summary>The bound the generator was created with.</summary>
    public readonly long MaxOutOfOrder => _bound;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(in T value, long timestamp, ref WatermarkOutput output)
    {
        if (timestamp > _maxTimestamp)
        {
            _maxTimestamp = timestamp;
        }
    }

    /// <inheritdoc />
    public readonly void OnPeriodicEmit(ref WatermarkOutput output) => output.EmitWatermark(_maxTimestamp - _bound - 1);
}
