using System.Runtime.CompilerServices;

namespace HyperFlow;

/// <summary>
/// Where an <see cref="IWatermarkGenerator{T}"/> puts the watermark of its source partition, and
/// whether the partition is idle. The source merges the partitions' watermarks as the minimum over the
/// partitions that are not idle.
/// </summary>
public struct WatermarkOutput
{
    private long _watermark;
    private bool _idle;

    /// <summary>Creates an output with no watermark yet (<see cref="long.MinValue"/>) that is not idle.</summary>
    public WatermarkOutput() => _watermark = long.MinValue;

    /// <summary>The partition's watermark: the largest emitted so far, <see cref="long.MinValue"/> before any.</summary>
    public readonly long Watermark => _watermark;

    /// <summary>Whether the generator marked the partition idle (and has not emitted since).</summary>
    public readonly bool IsIdle => _idle;

    /// <summary>
    /// Emits a watermark: no event with a timestamp at or below it is expected from the partition any more.
    /// A watermark below the current one is ignored (watermarks never go back). Marks the partition active.
    /// </summary>
    /// <param name="watermark">The watermark.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitWatermark(long watermark)
    {
        _idle = false;
        if (watermark > _watermark)
        {
            _watermark = watermark;
        }
    }

    /// <summary>Marks the partition idle: it no longer holds back the source's watermark until it emits again or is marked active.</summary>
    public void MarkIdle() => _idle = true;

    /// <summary>Marks the partition active again: it holds back the source's watermark.</summary>
    public void MarkActive() => _idle = false;
}
