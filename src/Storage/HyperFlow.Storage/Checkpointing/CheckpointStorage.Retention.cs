namespace HyperFlow.Storage.Checkpointing;

/// <content>Loading the directory, reference counts of shared files, retention and cleanup.</content>
public sealed partial class CheckpointStorage
{
    /// <summary>
    /// Offers a file of a retained checkpoint holding the same raw bytes, for a new checkpoint to share
    /// instead of copying: it takes a reference (so retention keeps the file) and verifies the file.
    /// </summary>
    /// <returns>The file's entry with its <see cref="StateFileManifest.Path"/> relative to the directory (<c>chk-N/name</c>), or <c>null</c>.</returns>
    internal StateFileManifest? TryShare(long checkpointId, long rawSize, string rawChecksum)
    {
        StateFileManifest? candidate = null;
        string key = string.Empty;
        lock (_lock)
        {
            ThrowIfDisposed();
            foreach (CheckpointManifest manifest in _completed.Values.Reverse())
            {
                candidate = manifest.Files().Select(static f => f.File).FirstOrDefault(f => f.RawSize == rawSize && f.RawChecksum == rawChecksum);
                if (candidate is not null)
                {
                    key = CheckpointFolders.RootKey(manifest.CheckpointId, candidate.Path);
                    AddReference(key);
                    break;
                }
            }
        }

        if (candidate is null)
        {
            return null;
        }

        StateFileStatus status = StateFiles.Verify(Path.Combine(Directory, key), candidate);
        if (status != StateFileStatus.Valid)
        {
            CheckpointLog.SharedFileInvalid(_logger, Job, key, status, checkpointId);
            ReleaseShared([key]);
            return null;
        }

        return candidate with { Path = key };
    }

    /// <summary>Drops references taken by <see cref="TryShare"/> (a failed add).</summary>
    internal void ReleaseShared(IEnumerable<string> keys)
    {
        lock (_lock)
        {
            foreach (string key in keys)
            {
                ReleaseReference(key);
            }
        }
    }

    /// <summary>A checkpoint's manifest is on disk: count its own files and apply retention.</summary>
    internal void OnCompleted(CheckpointManifest manifest)
    {
        lock (_lock)
        {
            _pending.Remove(manifest.CheckpointId);
            _completed[manifest.CheckpointId] = manifest;
            foreach ((_, _, StateFileManifest file) in manifest.Files())
            {
                // Shared files were counted when they were offered.
                if (!file.Path.StartsWith("../", StringComparison.Ordinal))
                {
                    AddReference(CheckpointFolders.RootKey(manifest.CheckpointId, file.Path));
                }
            }

            ApplyRetention();
        }
    }

    /// <summary>A checkpoint was abandoned: drop its references to shared files (its folder is deleted by the writer).</summary>
    internal void OnAborted(long checkpointId, IEnumerable<string> sharedKeys)
    {
        lock (_lock)
        {
            _pending.Remove(checkpointId);
            foreach (string key in sharedKeys)
            {
                ReleaseReference(key);
            }
        }
    }

    /// <summary>Counts a file or folder a writer could not delete (metric <c>hyperflow.checkpoint.cleanup_failed</c>).</summary>
    internal void CountCleanupFailure()
    {
        Interlocked.Increment(ref _cleanupFailures);
        CheckpointStorageMetrics.CleanupFailed.Add(1, CheckpointStorageMetrics.JobTag(Job));
    }

    private void Load()
    {
        ReadNextId();
        var incomplete = new HashSet<long>();
        foreach (string folder in System.IO.Directory.EnumerateDirectories(Directory))
        {
            if (!CheckpointFolders.TryParseId(Path.GetFileName(folder), out long id))
            {
                continue;
            }

            _nextId = Math.Max(_nextId, id + 1);
            TryDelete(Path.Combine(folder, CheckpointFolders.TempManifestFileName));
            if (!File.Exists(Path.Combine(folder, CheckpointFolders.ManifestFileName)))
            {
                incomplete.Add(id);
                continue;
            }

            try
            {
                CheckpointManifest manifest = ManifestFile.Read(folder);
                if (manifest.Job != Job)
                {
                    throw new CheckpointException(
                        $"Checkpoint directory '{Directory}' holds {manifest.Describe()}, but this storage is for job '{Job}'. "
                        + "Give each job a checkpoint directory of its own.");
                }

                if (manifest.CheckpointId != id)
                {
                    throw new CheckpointCorruptException(
                        $"Checkpoint folder '{folder}' holds the manifest of {manifest.Describe()}: a manifest moved between folders. Restore from another checkpoint.");
                }

                _completed.Add(id, manifest);
            }
            catch (CheckpointCorruptException ex)
            {
                _unreadable.Add(id);
                CheckpointLog.UnreadableManifest(_logger, Job, folder, ex);
            }
        }

        lock (_lock)
        {
            foreach (CheckpointManifest manifest in _completed.Values)
            {
                foreach ((_, _, StateFileManifest file) in manifest.Files())
                {
                    AddReference(CheckpointFolders.RootKey(manifest.CheckpointId, file.Path));
                }
            }

            ApplyRetention();
            foreach (string folder in System.IO.Directory.EnumerateDirectories(Directory))
            {
                if (CheckpointFolders.TryParseId(Path.GetFileName(folder), out long id) && !_unreadable.Contains(id))
                {
                    bool removed = Sweep(folder, keepManifest: _completed.ContainsKey(id));
                    if (removed && incomplete.Contains(id))
                    {
                        CheckpointLog.IncompleteRemoved(_logger, Job, folder);
                    }
                }
            }
        }
    }

    /// <summary>Retires the completed checkpoints beyond the retained count (savepoints never), and unreadable folders older than every retained checkpoint.</summary>
    private void ApplyRetention()
    {
        long[] checkpoints = [.. _completed.Where(static c => c.Value.Kind == CheckpointKind.Checkpoint).Select(static c => c.Key)];
        for (int i = 0; i < checkpoints.Length - _options.RetainedCheckpoints; i++)
        {
            Retire(checkpoints[i]);
        }

        if (_completed.Count > 0)
        {
            long oldest = _completed.Keys.First();
            foreach (long id in _unreadable.Where(id => id < oldest).ToArray())
            {
                _unreadable.Remove(id);
                Sweep(Path.Combine(Directory, CheckpointFolders.FolderName(id)), keepManifest: false);
            }
        }
    }

    private void Retire(long checkpointId)
    {
        CheckpointManifest manifest = _completed[checkpointId];
        string folder = Path.Combine(Directory, CheckpointFolders.FolderName(checkpointId));

        // The manifest goes first: a crash from here on leaves unreferenced files, never a visible checkpoint missing files.
        if (!TryDelete(Path.Combine(folder, CheckpointFolders.ManifestFileName)))
        {
            return;
        }

        _completed.Remove(checkpointId);
        foreach ((_, _, StateFileManifest file) in manifest.Files())
        {
            ReleaseReference(CheckpointFolders.RootKey(checkpointId, file.Path));
        }

        RemoveFolderIfUnused(checkpointId);
        CheckpointLog.Retired(_logger, Job, checkpointId, _options.RetainedCheckpoints);
    }

    private void AddReference(string key) => _references[key] = _references.GetValueOrDefault(key) + 1;

    private void ReleaseReference(string key)
    {
        int count = _references.GetValueOrDefault(key);
        if (count > 1)
        {
            _references[key] = count - 1;
            return;
        }

        _references.Remove(key);
        TryDelete(Path.Combine(Directory, key));
        string folderName = key[..key.IndexOf('/', StringComparison.Ordinal)];
        if (CheckpointFolders.TryParseId(folderName, out long id))
        {
            RemoveFolderIfUnused(id);
        }
    }

    /// <summary>Deletes every file of a folder that no manifest references (but its manifest if asked), then the folder if that left it empty.</summary>
    /// <returns>Whether the folder is gone.</returns>
    private bool Sweep(string folder, bool keepManifest)
    {
        string folderName = Path.GetFileName(folder);
        foreach (string file in System.IO.Directory.EnumerateFiles(folder))
        {
            string name = Path.GetFileName(file);
            if (!(keepManifest && name == CheckpointFolders.ManifestFileName) && !_references.ContainsKey(folderName + "/" + name))
            {
                TryDelete(file);
            }
        }

        foreach (string child in System.IO.Directory.EnumerateDirectories(folder))
        {
            TryDeleteDirectory(child);
        }

        return !keepManifest && CheckpointFolders.TryParseId(folderName, out long id) && RemoveFolderIfUnused(id);
    }

    /// <summary>Deletes a checkpoint folder that is empty and belongs to no retained, pending or unreadable checkpoint.</summary>
    /// <returns>Whether the folder is gone.</returns>
    private bool RemoveFolderIfUnused(long checkpointId)
    {
        string folder = Path.Combine(Directory, CheckpointFolders.FolderName(checkpointId));
        if (_completed.ContainsKey(checkpointId) || _pending.Contains(checkpointId) || _unreadable.Contains(checkpointId))
        {
            return false;
        }

        return !System.IO.Directory.Exists(folder) || (!System.IO.Directory.EnumerateFileSystemEntries(folder).Any() && TryDeleteDirectory(folder));
    }

    private bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            CountCleanupFailure();
            CheckpointLog.CleanupFailed(_logger, Job, path, ex);
            return false;
        }
    }

    private bool TryDeleteDirectory(string path)
    {
        try
        {
            System.IO.Directory.Delete(path, recursive: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!System.IO.Directory.Exists(path))
            {
                return true;
            }

            CountCleanupFailure();
            CheckpointLog.CleanupFailed(_logger, Job, path, ex);
            return false;
        }
    }
}
