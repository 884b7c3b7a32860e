namespace HyperFlow.Storage.Faster;

/// <summary>What a FASTER read-modify-write does to a key.</summary>
internal enum FasterCommandKind : byte
{
    /// <summary>Fold the input in with the updater (the key gets the updater's initial value if it had none).</summary>
    Update,

    /// <summary>Replace the value (an upsert).</summary>
    Set,

    /// <summary>Remove the key (expire its record).</summary>
    Delete,
}

/// <summary>
/// The FASTER input of every write: all writes are read-modify-writes, so FASTER tells whether the
/// key existed (which keeps the entry count exact and lets delete report it) and pending writes of
/// every kind complete through the same path.
/// </summary>
/// <typeparam name="TValue">The stored value type.</typeparam>
/// <typeparam name="TInput">The updater's input type.</typeparam>
internal struct FasterCommand<TValue, TInput>
    where TValue : struct
    where TInput : struct
{
    public TInput Input;
    public TValue Value;
    public FasterCommandKind Kind;
}
