// Match.cs - a cr_match: what a client and a server would negotiate over
// Schannel (the protocol versions both enable, the suite the server picks,
// and a verdict naming the failing family with the smallest fix per side).
using System;
using Microsoft.Win32.SafeHandles;

namespace ConnReset.Interop
{
    /// <summary>The key type of the server's certificate (cr_server_key).</summary>
    public enum ServerKey
    {
        /// <summary>From the server's certificate when known, else RSA (and the match says it assumed so).</summary>
        Auto = 0,
        /// <summary>An RSA certificate: only *_RSA_* and plain RSA key-exchange suites can be chosen.</summary>
        Rsa = 1,
        /// <summary>An ECDSA certificate: only *_ECDSA_* suites (and TLS 1.3 suites) can be chosen.</summary>
        Ecdsa = 2
    }

    /// <summary>What a match concludes (cr_outcome); the values never change.</summary>
    public enum Outcome
    {
        /// <summary>Every handshake succeeds.</summary>
        Connects = 0,
        /// <summary>No handshake succeeds: a PROTO or SUITE pair finding says why.</summary>
        Fails = 1,
        /// <summary>They connect, but about one handshake in 256 fails (DHEZERO001).</summary>
        Intermittent = 2,
        /// <summary>The snapshots do not say enough: <see cref="Match.Missing"/> says what and how to supply it.</summary>
        Undetermined = 3
    }

    /// <summary>Something the snapshots do not say that the outcome depends on (cr_match_missing).</summary>
    public sealed class MissingItem
    {
        internal MissingItem(string side, string what, string detail, string supply)
        {
            Side = side;
            What = what;
            Detail = detail;
            Supply = supply;
        }

        /// <summary>"client" or "server".</summary>
        public string Side { get; private set; }
        /// <summary>"os", "protocol-defaults", "suite-defaults" or "dhe-fix".</summary>
        public string What { get; private set; }
        /// <summary>A sentence naming what is missing.</summary>
        public string Detail { get; private set; }
        /// <summary>A sentence saying how to supply it.</summary>
        public string Supply { get; private set; }
    }

    /// <summary>An owned <c>cr_match</c>; dispose it (or let the finalizer) to free it.</summary>
    public sealed class Match : SafeHandleZeroOrMinusOneIsInvalid
    {
        private Match() : base(true)
        {
        }

        /// <summary>Frees the native match.</summary>
        protected override bool ReleaseHandle()
        {
            NativeMethods.cr_match_free(handle);
            return true;
        }

        /// <summary>
        /// Works out what <paramref name="client"/> and <paramref name="server"/> would negotiate.
        /// The snapshots are only read during the call; they may be disposed afterwards.
        /// </summary>
        public static Match Create(Snapshot client, Snapshot server, ServerKey serverKey)
        {
            if (client == null)
                throw new ArgumentNullException("client");
            if (server == null)
                throw new ArgumentNullException("server");
            NativeMethods.MatchOptions options = Options(serverKey);
            Match match;
            int rc = NativeMethods.cr_tls_match(out match, client, server, ref options);
            return Checked(rc, match);
        }

        /// <summary>
        /// The same judgement on machines already read with <see cref="Machine.Open"/>, for matching
        /// each machine of a fleet against many others without reading it again.
        /// </summary>
        public static Match Create(Machine client, Machine server, ServerKey serverKey)
        {
            if (client == null)
                throw new ArgumentNullException("client");
            if (server == null)
                throw new ArgumentNullException("server");
            NativeMethods.MatchOptions options = Options(serverKey);
            Match match;
            int rc = NativeMethods.cr_tls_match_machines(out match, client, server, ref options);
            return Checked(rc, match);
        }

        private static NativeMethods.MatchOptions Options(ServerKey serverKey)
        {
            if (!Enum.IsDefined(typeof(ServerKey), serverKey))
                throw new ArgumentOutOfRangeException("serverKey");
            NativeLibraryLoader.EnsureLoaded();
            return new NativeMethods.MatchOptions
            {
                Version = NativeMethods.MatchOptionsVersion,
                ServerKey = (int)serverKey
            };
        }

        private static Match Checked(int rc, Match match)
        {
            if (rc < 0)
            {
                ConnResetException error = ConnResetException.FromLastError(rc);
                if (match != null)
                    match.Dispose();
                throw error;
            }
            return match;
        }

        /// <summary>
        /// The match of <paramref name="client"/> and <paramref name="server"/> as JSON (schema
        /// connreset.match/1), with <paramref name="outcome"/> set from the verdict.
        /// </summary>
        public static string Json(Snapshot client, Snapshot server, ServerKey serverKey, out Outcome outcome)
        {
            using (Match match = Create(client, server, serverKey))
            {
                outcome = match.Outcome;
                return match.ToJson();
            }
        }

        /// <summary>The match as JSON (schema connreset.match/1).</summary>
        public static string Json(Snapshot client, Snapshot server, ServerKey serverKey)
        {
            Outcome outcome;
            return Json(client, server, serverKey, out outcome);
        }

        /// <summary>What the match concludes.</summary>
        public Outcome Outcome
        {
            get { return (Outcome)NativeMethods.cr_match_outcome(this); }
        }

        /// <summary>The verdict in a sentence or two.</summary>
        public string Reason
        {
            get { return Utf8.FromNative(NativeMethods.cr_match_reason(this)); }
        }

        /// <summary>"PROTO", "SUITE" (fails), "DHEZERO" (intermittent), or null.</summary>
        public string Family
        {
            get { return Utf8.FromNative(NativeMethods.cr_match_family(this)); }
        }

        /// <summary>When undetermined: each unknown the outcome depends on, and how to supply it.</summary>
        public MissingItem[] Missing
        {
            get
            {
                ulong n = NativeMethods.cr_match_missing_count(this).ToUInt64();
                MissingItem[] items = new MissingItem[n];
                for (ulong i = 0; i < n; i++)
                {
                    IntPtr side, what, detail, supply;
                    NativeMethods.Check(NativeMethods.cr_match_missing(out side, out what, out detail, out supply, this, new UIntPtr(i)));
                    items[i] = new MissingItem(Utf8.FromNative(side), Utf8.FromNative(what), Utf8.FromNative(detail), Utf8.FromNative(supply));
                }
                return items;
            }
        }

        /// <summary>Number of pair findings (PROTO001/002, SUITE001, DHEZERO001).</summary>
        public long FindingCount
        {
            get { return (long)NativeMethods.cr_match_finding_count(this).ToUInt64(); }
        }

        /// <summary>
        /// The match as JSON (schema connreset.match/1): client, server, serverKey, protocols
        /// (with the server's choice per common version), verdict (outcome, canConnect, family,
        /// protocol, suite, reason, missing, fixes) and findings.
        /// </summary>
        public string ToJson()
        {
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_match_to_json(out json, this));
            return Utf8.TakeNative(json);
        }

        /// <summary>The match as console text.</summary>
        public string ToText()
        {
            IntPtr text;
            NativeMethods.Check(NativeMethods.cr_match_to_text(out text, this));
            return Utf8.TakeNative(text);
        }
    }
}
