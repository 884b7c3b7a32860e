using HyperFlow.Storage.Checkpointing;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// A keyed state store that checkpoints in FASTER's native format (<see cref="FasterKeyedStateStore{TKey}"/>):
/// one FASTER checkpoint per state, incremental when safe, instead of a scan of every state into the
/// canonical format. The engine uses it for checkpoints; savepoints stay canonical.
/// </summary>
/// <remarks>
/// <para>Capture: <see cref="TakeCheckpoint"/> on the store's thread (it blocks until FASTER's checkpoint
/// is durable), then <see cref="CheckpointWriter.AddFasterCheckpoint"/> for each state on any thread while
/// the store goes on (FASTER only appends past the lengths a checkpoint lists), then
/// <see cref="ReleaseCheckpoint"/>, which lets the store delete FASTER checkpoint files no later
/// checkpoint needs.</para>
/// <para>Restore: <see cref="CheckpointReader.RestoreKeyedState"/> unpacks each state's checkpoint into
/// <see cref="StateDirectory"/> and hands them to <see cref="RestoreCheckpoints"/>, before the operator
/// registers its states; registering a state then recovers its table from its checkpoint.</para>
/// </remarks>
public interface IFasterCheckpointedStore
{
    /// <summary>
    /// Whether the store's next checkpoint can be native: <see cref="FasterStoreOptions.NativeCheckpoints"/>
    /// is on, the store holds some state, and no state restored from a canonical snapshot is waiting to be
    /// registered (that one is carried in canonical form: take <see cref="State.KeyedStateStore.TakeSnapshot"/>).
    /// </summary>
    bool CanCheckpointNatively { get; }

    /// <summary>
    /// Takes a FASTER checkpoint of every registered state (incremental where
    /// <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.TakeCheckpoint"/> finds it safe), blocking until
    /// each is durable; states restored natively but not registered yet are carried: their restored
    /// checkpoints are returned again, their files unchanged. Call it on the store's thread, outside a batch.
    /// </summary>
    /// <returns>One checkpoint per state, ordered by state name.</returns>
    /// <exception cref="InvalidOperationException">Called inside a batch, or FASTER did not complete a checkpoint.</exception>
    IReadOnlyList<FasterStateCheckpoint> TakeCheckpoint();

    /// <summary>
    /// Says that the files of checkpoints from <see cref="TakeCheckpoint"/> were packaged (or will not be):
    /// FASTER checkpoint directories that neither the tables nor another checkpoint in progress need any more
    /// are deleted. Any thread.
    /// </summary>
    /// <param name="checkpoints">What <see cref="TakeCheckpoint"/> returned.</param>
    void ReleaseCheckpoint(IReadOnlyList<FasterStateCheckpoint> checkpoints);

    /// <summary>The directory a state's FASTER files go to, where its restored checkpoint must be unpacked.</summary>
    /// <param name="stateName">The state's name.</param>
    /// <returns>An absolute path inside the store's own directory.</returns>
    string StateDirectory(string stateName);

    /// <summary>
    /// Gives the store the native checkpoints of its states to restore, unpacked (each in its
    /// <see cref="StateDirectory"/>, where the store deletes it with its own files). Call it before the
    /// operator registers its states: registering a state with a checkpoint here recovers its table in the
    /// checkpoint's <see cref="FasterCheckpoint.Directory"/> instead of starting it empty.
    /// </summary>
    /// <param name="checkpoints">One checkpoint per state.</param>
    /// <exception cref="State.StateException">States are registered or restored already, or a state is given twice.</exception>
    void RestoreCheckpoints(IReadOnlyList<FasterStateCheckpoint> checkpoints);
}
