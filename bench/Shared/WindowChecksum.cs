namespace HyperFlow.Bench;

/// <summary>The checksum of one window result, summed (wrapping) over all results by both sides of a window benchmark.</summary>
public static class WindowChecksum
{
    /// <summary>A value that changes with the result's key, window and value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="windowEnd">The window's end.</param>
    /// <param name="value">The window's value.</param>
    /// <returns>The result's checksum.</returns>
    public static long Of(long key, long windowEnd, long value) => unchecked((value * 1_000_003) + (key * 31) + windowEnd);
}
