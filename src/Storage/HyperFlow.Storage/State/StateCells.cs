namespace HyperFlow.Storage.State;

/// <summary>
/// How an in-memory state stores a value: with or without an expiry time. Implemented by structs
/// and used as a type argument, so a state without a time to live carries no expiry field and runs
/// no expiry check (the JIT drops the code for the other case).
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal interface ICell<TSelf, TValue>
    where TSelf : struct, ICell<TSelf, TValue>
{
    /// <summary>Whether cells carry an expiry time.</summary>
    static abstract bool HasTtl { get; }

    /// <summary>The stored value.</summary>
    static abstract ref TValue Value(ref TSelf cell);

    /// <summary>When the cell expires (Unix ms of processing time); <c>long.MaxValue</c> without a time to live.</summary>
    static abstract long ExpiresAt(in TSelf cell);

    /// <summary>Sets the expiry time; ignored without a time to live.</summary>
    static abstract void SetExpiresAt(ref TSelf cell, long expiresAt);
}

/// <summary>A value with no time to live.</summary>
internal struct PlainCell<TValue> : ICell<PlainCell<TValue>, TValue>
{
    public TValue Item;

    public static bool HasTtl => false;

    public static ref TValue Value(ref PlainCell<TValue> cell) => ref cell.Item;

    public static long ExpiresAt(in PlainCell<TValue> cell) => long.MaxValue;

    public static void SetExpiresAt(ref PlainCell<TValue> cell, long expiresAt)
    {
    }
}

/// <summary>A value and when it expires.</summary>
internal struct TtlCell<TValue> : ICell<TtlCell<TValue>, TValue>
{
    public TValue Item;
    public long Expiry;

    public static bool HasTtl => true;

    public static ref TValue Value(ref TtlCell<TValue> cell) => ref cell.Item;

    public static long ExpiresAt(in TtlCell<TValue> cell) => cell.Expiry;

    public static void SetExpiresAt(ref TtlCell<TValue> cell, long expiresAt) => cell.Expiry = expiresAt;
}
