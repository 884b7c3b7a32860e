namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// Deterministic, partly compressible account positions: the same seed gives the same keys and
/// values to both backends. Account ids are 9-digit numbers, increasing by 1 to 7 (sparse like real
/// ids, never repeated), so each key's high bytes compress and its hash (which the canonical format
/// stores) does not.
/// </summary>
internal static class PositionData
{
    /// <summary>Bytes of one entry in the canonical snapshot: key hash 8, key length 1, key 8, value length 1, value 24.</summary>
    public const int CanonicalEntryBytes = 8 + 1 + sizeof(long) + 1 + 24;

    /// <summary>What the data is, for the report.</summary>
    public const string Description =
        "one value state 'position' per account: key = 9-digit account id (long, sparse, unique); value = 24-byte position "
        + "(last price in micro-units on a cent grid $1-$500, net quantity -5,000..5,000, trade count 1..10,000), uniform random, seed 42";

    private const long FirstAccount = 100_000_000;

    /// <summary>The account id of the <paramref name="index"/>-th key: increasing, gaps of 1 to 7.</summary>
    public static long Account(long index) => FirstAccount + (index * 4) + (long)((ulong)index * 0x9E3779B97F4A7C15UL >> 62);

    /// <summary>A random position.</summary>
    public static AccountPosition Next(Random random) =>
        new(random.Next(100, 50_001) * 10_000L, random.Next(-5_000, 5_001), random.Next(1, 10_001));

    /// <summary>A random fill, as the 1% of keys that change between checkpoints receive.</summary>
    public static TradeFill NextFill(Random random) => new(random.Next(100, 50_001) * 10_000L, random.Next(-500, 501));
}
