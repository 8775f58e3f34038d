// ConnResetLibrary.cs - facts about the native library itself.
using System;
using System.Collections.Generic;

namespace ConnReset.Interop
{
    /// <summary>Version, error names and the collected keys of the native library.</summary>
    public static class ConnResetLibrary
    {
        /// <summary>The native library's version ("0.1.0"); loads it if needed.</summary>
        public static string Version
        {
            get
            {
                NativeLibraryLoader.EnsureLoaded();
                return Utf8.FromNative(NativeMethods.cr_version());
            }
        }

        /// <summary>The file name of the native library on this OS (connreset.dll, libconnreset.so, libconnreset.dylib).</summary>
        public static string FileName
        {
            get { return NativeLibraryLoader.FileName; }
        }

        /// <summary>The full path the library was preloaded from (Windows), or null when the runtime's own search found it.</summary>
        public static string PreloadedPath
        {
            get
            {
                NativeLibraryLoader.Preload();
                return NativeLibraryLoader.LoadedPath;
            }
        }

        /// <summary>Symbolic name of an error code ("CR_ENOTFOUND").</summary>
        public static string ErrorName(int code)
        {
            NativeLibraryLoader.EnsureLoaded();
            return Utf8.FromNative(NativeMethods.cr_err_name(code));
        }

        /// <summary>Short description of an error code ("not found").</summary>
        public static string ErrorDescription(int code)
        {
            NativeLibraryLoader.EnsureLoaded();
            return Utf8.FromNative(NativeMethods.cr_strerror(code));
        }

        /// <summary>The registry keys a live snapshot (Export-ConnResetSnapshot) holds.</summary>
        public static string[] CollectedKeys
        {
            get
            {
                NativeLibraryLoader.EnsureLoaded();
                ulong count = NativeMethods.cr_collect_key_count().ToUInt64();
                var keys = new List<string>();
                for (ulong i = 0; i < count; i++)
                {
                    int recursive;
                    string key = Utf8.FromNative(NativeMethods.cr_collect_key((UIntPtr)i, out recursive));
                    if (key != null)
                        keys.Add(key);
                }
                return keys.ToArray();
            }
        }
    }
}
