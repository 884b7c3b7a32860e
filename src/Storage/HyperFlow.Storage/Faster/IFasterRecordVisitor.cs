namespace HyperFlow.Storage.Faster;

/// <summary>
/// Receives the live records of a <see cref="FasterTable{TKey, TValue, TInput, TUpdater}"/> from
/// <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.ForEach{TVisitor}(ref TVisitor)"/>, e.g. to
/// export a canonical snapshot. A struct visitor is called directly, without an interface call.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IFasterRecordVisitor<TKey, TValue>
{
    /// <summary>Visits one live record; every live key is visited exactly once, in no particular order.</summary>
    /// <param name="hash">The key's stable hash (<see cref="Keys.KeyHash"/> for the key types it knows), e.g. to pick its key group.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The key's current value.</param>
    /// <returns><c>true</c> to continue, <c>false</c> to stop the enumeration.</returns>
    bool Visit(ulong hash, in TKey key, in TValue value);
}
