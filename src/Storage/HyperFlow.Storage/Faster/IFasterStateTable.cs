using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>What a FASTER-backed store needs of each of its states, whatever their types.</summary>
internal interface IFasterStateTable : IStateTable, IDisposable
{
    FasterTableStatistics Statistics { get; }

    /// <summary>The hash-index entries in use (see <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.IndexEntries"/>).</summary>
    long IndexEntries { get; }

    /// <summary>How the records are stored (see <see cref="FasterStateCheckpoint.Layout"/>).</summary>
    string Layout { get; }

    void BeginBatch();

    void EndBatch();

    /// <summary>Writes a checkpoint of the state's table (see <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.TakeCheckpoint"/>).</summary>
    FasterCheckpoint TakeCheckpoint(bool preferIncremental);

    /// <summary>Deletes the index or log directory of an earlier checkpoint of the table, unless its next checkpoint builds on it.</summary>
    bool DeleteCheckpoint(Guid token, bool index);
}
