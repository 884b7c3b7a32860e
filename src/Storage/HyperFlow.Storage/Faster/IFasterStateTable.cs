using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>What a FASTER-backed store needs of each of its states, whatever their types.</summary>
internal interface IFasterStateTable : IStateTable, IDisposable
{
    FasterTableStatistics Statistics { get; }

    /// <summary>The hash-index entries in use (see <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.IndexEntries"/>).</summary>
    long IndexEntries { get; }

    void BeginBatch();

    void EndBatch();
}
