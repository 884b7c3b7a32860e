namespace HyperFlow.Storage.Faster;

/// <summary>What a state update folds into a stored cell: the value, the processing time now and the expiry to set.</summary>
internal readonly struct FasterFoldInput<T>(T value, long now, long expiresAt)
{
    public readonly T Value = value;
    public readonly long Now = now;
    public readonly long ExpiresAt = expiresAt;
}
