using System.Diagnostics.CodeAnalysis;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// Keeps keyed state in Microsoft FASTER: a hybrid log whose hot part stays in memory (within
/// <see cref="FasterStoreOptions.MemoryBudgetBytes"/> per state) and whose cold part goes to files,
/// so state can be far larger than memory. Every kind of state, of any key and value types
/// HyperFlow serializes: value, reducing and aggregating state of types without object references
/// are stored raw and updated in place (no serialization, nothing allocated per operation); strings,
/// MessagePack types, and list and map state are stored serialized (see <see cref="FasterKeyedStateStore{TKey}"/>).
/// </summary>
/// <remarks>
/// <see cref="FasterStoreOptions.Directory"/> is the root under which each operator subtask gets a
/// fresh folder, deleted when the job ends: checkpoints, not these working files, are what survives
/// a crash. Not available under native AOT (FASTER itself is not AOT-compatible).
/// </remarks>
public sealed class FasterStateBackend : IStateBackend
{
    private readonly FasterStoreOptions _options;

    /// <summary>Creates the backend.</summary>
    /// <param name="options">The settings of every state's FASTER store.</param>
    [RequiresDynamicCode("Microsoft.FASTER.Core is not compatible with native AOT (it produces trim and AOT analysis warnings); use the InMemory backend in AOT apps.")]
    public FasterStateBackend(FasterStoreOptions options) => _options = Validated(options);

    /// <inheritdoc />
    public string Name => "Faster";

    /// <inheritdoc />
    public KeyedStateStore<TKey> CreateKeyedStore<TKey>(KeyedStateContext context)
        where TKey : notnull
        => new FasterKeyedStateStore<TKey>(context, _options);

    private static FasterStoreOptions Validated(FasterStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
