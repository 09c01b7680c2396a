// API constants ("apc", as the Go package is called): every name that appears on the wire and is
// not a JSON key of a typed struct lives here, once: header names, query parameters, `what=`
// values, action names, job kinds, providers, content types, list-objects flags and props.
// Server and clients include this header, so a typo cannot make them disagree.
//
// Constants are `inline constexpr char[]`: they convert to std::string (Headers::add) and to
// std::string_view (comparisons) without ceremony.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ais::api {

// Providers (spec §2.1). The canonical names go into Bck.provider; the schemes are what users
// type and what cnames print ("s3://b").
namespace prov {
inline constexpr char kAIS[] = "ais";
inline constexpr char kAWS[] = "aws";
inline constexpr char kGCP[] = "gcp";
inline constexpr char kAzure[] = "azure";
inline constexpr char kOCI[] = "oci";

inline constexpr char kS3Scheme[] = "s3";
inline constexpr char kGSScheme[] = "gs";
inline constexpr char kAZScheme[] = "az";
inline constexpr char kOCScheme[] = "oc";
}  // namespace prov

// "" -> "ais"; scheme aliases (s3, gs, az, oc) -> canonical; case-insensitive.
// Anything else (including the removed "ht") throws ErrBadRequest.
std::string normalize_provider(std::string_view p);
bool is_known_provider(std::string_view p);           // canonical names and aliases, "" included
bool is_remote_provider(std::string_view canonical);  // aws, gcp, azure, oci
// Canonical provider -> scheme used in cnames (aws -> s3, gcp -> gs, azure -> az, oci -> oc).
std::string_view provider_scheme(std::string_view canonical);

// HTTP header names, in Go's canonical case (spec §0, §3.2).
namespace hdr {
// standard
inline constexpr char kAccept[] = "Accept";
inline constexpr char kAcceptRanges[] = "Accept-Ranges";
inline constexpr char kAllow[] = "Allow";
inline constexpr char kAuthorization[] = "Authorization";
inline constexpr char kConnection[] = "Connection";
inline constexpr char kContentLength[] = "Content-Length";
inline constexpr char kContentRange[] = "Content-Range";
inline constexpr char kContentType[] = "Content-Type";
inline constexpr char kETag[] = "ETag";
inline constexpr char kLastModified[] = "Last-Modified";
inline constexpr char kLocation[] = "Location";
inline constexpr char kRange[] = "Range";
inline constexpr char kContentTypeOptions[] = "X-Content-Type-Options";

// object properties (§3.2)
inline constexpr char kChecksumType[] = "Ais-Checksum-Type";
inline constexpr char kChecksumValue[] = "Ais-Checksum-Value";
inline constexpr char kAtime[] = "Ais-Atime";
inline constexpr char kVersion[] = "Ais-Version";
inline constexpr char kCustomMd[] = "Ais-Custom-Md";
inline constexpr char kBucketName[] = "Ais-Bucket-Name";
inline constexpr char kBucketProvider[] = "Ais-Bucket-Provider";
inline constexpr char kObjName[] = "Ais-Name";
inline constexpr char kObjLocation[] = "Ais-Location";
inline constexpr char kMirrorCopies[] = "Ais-Mirror-Copies";
inline constexpr char kMirrorPaths[] = "Ais-Mirror-Paths";
inline constexpr char kPresent[] = "Ais-Present";
inline constexpr char kEcGeneration[] = "Ais-Ec-Generation";
inline constexpr char kEcData[] = "Ais-Ec-Data";
inline constexpr char kEcParity[] = "Ais-Ec-Parity";
inline constexpr char kEcReplicated[] = "Ais-Ec-Replicated";
inline constexpr char kChunksCount[] = "Ais-Chunks-Count";
inline constexpr char kChunksMaxChunkSize[] = "Ais-Chunks-Max-Chunk-Size";

// object data path
inline constexpr char kAppendHandle[] = "Ais-Append-Handle";
inline constexpr char kPutApndArchFlags[] = "Ais-Pine";  // 1 = append, 2 = append-if-exists
inline constexpr char kBlobDownload[] = "Ais-Blob-Download";
inline constexpr char kBlobChunk[] = "Ais-Blob-Chunk";
inline constexpr char kBlobWorkers[] = "Ais-Blob-Workers";
inline constexpr char kBlobThreshold[] = "Ais-Blob-Threshold";

// buckets and jobs
inline constexpr char kBucketProps[] = "Ais-Bucket-Props";
inline constexpr char kBucketSumm[] = "Ais-Bucket-Summ";
inline constexpr char kXactionId[] = "Ais-Xaction-Id";
inline constexpr char kInvName[] = "Ais-Inv-Name";

// nodes
inline constexpr char kNodeId[] = "Ais-Node-Id";
inline constexpr char kNodeUptime[] = "Ais-Node-Uptime";
inline constexpr char kClusterUptime[] = "Ais-Cluster-Uptime";
inline constexpr char kCallerId[] = "Ais-Caller-Id";
// Intra-cluster (S3 gateway -> target): store the MD5 of the PUT content as the ETag custom md.
inline constexpr char kEtagMd5[] = "Ais-Etag-Md5";
// Intra-cluster (target -> target): the object is moved by this rebalance ("g<N>"); the receiver
// keeps its own copy when that is as new or newer.
inline constexpr char kRebalanceId[] = "Ais-Rebalance-Id";
inline constexpr char kCallerName[] = "Ais-Caller-Name";
inline constexpr char kCallerIsPrimary[] = "Ais-Caller-Is-Primary";
inline constexpr char kCallerSmapVer[] = "Ais-Caller-Smap-Ver";

// errors: on HEAD the error JSON travels in this header (§8.1)
inline constexpr char kError[] = "Hdr-Error";
}  // namespace hdr

// Content types (§0). Msgpack must be exactly this string: the Python SDK compares it.
namespace ct {
inline constexpr char kJson[] = "application/json";
inline constexpr char kJsonUtf8[] = "application/json; charset=utf-8";
inline constexpr char kMsgpack[] = "application/msgpack";
inline constexpr char kOctet[] = "application/octet-stream";
inline constexpr char kTar[] = "application/x-tar";
inline constexpr char kText[] = "text/plain; charset=utf-8";
}  // namespace ct

// Query parameter names.
namespace qp {
inline constexpr char kProvider[] = "provider";
inline constexpr char kNamespace[] = "namespace";
inline constexpr char kPresence[] = "presence";
inline constexpr char kDontAddRemote[] = "dont_add_remote_bck_md";
inline constexpr char kDontHeadRemote[] = "dont_head_remote_bck";
inline constexpr char kBsummRemote[] = "bsumm_remote";
inline constexpr char kKeepBckMD[] = "keep_bck_md";
inline constexpr char kBckTo[] = "bck_to";
inline constexpr char kObjTo[] = "object_to";
inline constexpr char kWhat[] = "what";
inline constexpr char kProps[] = "props";
inline constexpr char kUUID[] = "uuid";
inline constexpr char kForce[] = "frc";
inline constexpr char kTransient[] = "transient";
inline constexpr char kAppendType[] = "append_type";
inline constexpr char kAppendHandle[] = "append_handle";
inline constexpr char kArchpath[] = "archpath";
inline constexpr char kArchmime[] = "archmime";
inline constexpr char kArchregx[] = "archregx";
inline constexpr char kArchmode[] = "archmode";
inline constexpr char kLatestVer[] = "latest-ver";
inline constexpr char kSync[] = "synchronize";
inline constexpr char kValidateCksum[] = "validate-checksum";
inline constexpr char kSkipVC[] = "skip_vc";
inline constexpr char kSilent[] = "sln";
inline constexpr char kSetNewCustom[] = "set-new-custom";
inline constexpr char kUploadId[] = "uploadId";
inline constexpr char kPartNumber[] = "partNumber";
inline constexpr char kEtlName[] = "etl_name";
inline constexpr char kEtlArgs[] = "etl_args";
inline constexpr char kEtlPipeline[] = "etl_pipeline";
// redirects (§3.1)
inline constexpr char kPid[] = "pid";
inline constexpr char kUnixTime[] = "utm";
inline constexpr char kSmapVer[] = "vpams";
inline constexpr char kTid[] = "tid";
inline constexpr char kColoc[] = "coloc";
// health (§6)
inline constexpr char kReadiness[] = "readiness";
inline constexpr char kPrimaryReadyReb[] = "prr";
inline constexpr char kClusterInfo[] = "cii";
inline constexpr char kAskPrimary[] = "apr";
// daemon
inline constexpr char kSeverity[] = "severity";
inline constexpr char kAll[] = "all";
inline constexpr char kCandidateURL[] = "can";
}  // namespace qp

// Values of ?what= (spec §5.2, §6, §7.2).
namespace what {
inline constexpr char kSmap[] = "smap";
inline constexpr char kBMD[] = "bmd";
inline constexpr char kSnode[] = "snode";
inline constexpr char kSmapVote[] = "smapvote";
inline constexpr char kConfig[] = "config";
inline constexpr char kClusterConfig[] = "cluster_config";
inline constexpr char kLog[] = "log";
inline constexpr char kNodeStats[] = "node_stats";
inline constexpr char kNodeStatus[] = "node_status";
inline constexpr char kMetrics[] = "metrics";
inline constexpr char kSoftwareVersion[] = "software_version";
inline constexpr char kSysInfo[] = "sysinfo";
inline constexpr char kTlsCertificate[] = "tls_certificate";
inline constexpr char kMountpaths[] = "mountpaths";
inline constexpr char kDisk[] = "disk";
inline constexpr char kBackends[] = "backends";
inline constexpr char kRemote[] = "remote";
inline constexpr char kTargetIPs[] = "target_ips";
inline constexpr char kStatus[] = "status";
inline constexpr char kStatusAll[] = "status_all";
inline constexpr char kRunningAll[] = "running_all";
inline constexpr char kQueryXactStats[] = "qryxstats";
}  // namespace what

// ActMsg.action values (spec §1.2). Many are also job kinds.
namespace act {
inline constexpr char kCreateBck[] = "create-bck";
inline constexpr char kDestroyBck[] = "destroy-bck";
inline constexpr char kList[] = "list";
inline constexpr char kSummaryBck[] = "summary-bck";
inline constexpr char kSetBprops[] = "set-bprops";
inline constexpr char kResetBprops[] = "reset-bprops";
inline constexpr char kCopyBck[] = "copy-bck";
inline constexpr char kETLBck[] = "etl-bck";
inline constexpr char kMoveBck[] = "move-bck";
inline constexpr char kMakeNCopies[] = "make-n-copies";
inline constexpr char kECEncode[] = "ec-encode";
inline constexpr char kCopyObjects[] = "copy-listrange";
inline constexpr char kETLObjects[] = "etl-listrange";
inline constexpr char kPrefetchObjects[] = "prefetch-listrange";
inline constexpr char kDeleteObjects[] = "delete-listrange";
inline constexpr char kEvictObjects[] = "evict-listrange";
inline constexpr char kEvictRemoteBck[] = "evict-remote-bck";
inline constexpr char kArchive[] = "archive";
inline constexpr char kPromote[] = "promote";
inline constexpr char kRenameObject[] = "rename-obj";
inline constexpr char kBlobDownload[] = "blob-download";
inline constexpr char kMptUpload[] = "mpt-upload";
inline constexpr char kMptComplete[] = "mpt-complete";
inline constexpr char kMptAbort[] = "mpt-abort";
inline constexpr char kCheckLock[] = "check-lock";
inline constexpr char kSetCustom[] = "";  // PATCH /v1/objects/B/O
inline constexpr char kXactStart[] = "start";
inline constexpr char kXactStop[] = "stop";
inline constexpr char kSetConfig[] = "set-config";
inline constexpr char kResetConfig[] = "reset-config";
inline constexpr char kShutdownCluster[] = "shutdown";
inline constexpr char kDecommissionCluster[] = "decommission";
inline constexpr char kRotateLogs[] = "rotate-logs";
inline constexpr char kResetStats[] = "reset-stats";
inline constexpr char kClearLcache[] = "clear-lcache";
inline constexpr char kReloadCreds[] = "reload-creds";
inline constexpr char kStartMaintenance[] = "start-maintenance";
inline constexpr char kStopMaintenance[] = "stop-maintenance";
inline constexpr char kShutdownNode[] = "shutdown-node";
inline constexpr char kDecommissionNode[] = "decommission-node";
inline constexpr char kRmNodeUnsafe[] = "rm-unsafe";
inline constexpr char kAttachMp[] = "attach-mp";
inline constexpr char kEnableMp[] = "enable-mp";
inline constexpr char kDisableMp[] = "disable-mp";
inline constexpr char kRescanMp[] = "rescan-mp";
inline constexpr char kFshcMp[] = "fshc-mp";
inline constexpr char kDetachMp[] = "detach-mp";
inline constexpr char kCreateInventory[] = "create-inventory";
inline constexpr char kDestroyInventory[] = "destroy-inventory";
inline constexpr char kShowInventory[] = "show-inventory";
}  // namespace act

// Job (xaction) kinds that are not also action names above.
namespace kind {
inline constexpr char kRebalance[] = "rebalance";
inline constexpr char kResilver[] = "resilver";
inline constexpr char kLRU[] = "lru";
inline constexpr char kCleanupStore[] = "cleanup-store";
inline constexpr char kPutCopies[] = "put-copies";
inline constexpr char kECGet[] = "ec-get";
inline constexpr char kECPut[] = "ec-put";
inline constexpr char kECResp[] = "ec-resp";
inline constexpr char kDownload[] = "download";
inline constexpr char kDsort[] = "dsort";
inline constexpr char kRechunk[] = "rechunk";
inline constexpr char kLoadLomCache[] = "load-lom-cache";
inline constexpr char kIndexShard[] = "index-shard";
inline constexpr char kGetBatch[] = "get-batch";
inline constexpr char kList[] = "list";
inline constexpr char kScrub[] = "scrub";  // ours: `ais storage validate` (AIS scrubs in its CLI)
}  // namespace kind

// Display names users type ("copy-bucket", "mirror", "summary") -> the kind; other input as is.
std::string_view normalize_job_kind(std::string_view kind_or_display_name);
// Kinds whose jobs idle rather than finish: waiting means "all snaps idle twice in a row" (§7.3).
bool is_idle_job_kind(std::string_view kind);

// ?append_type= values.
namespace append {
inline constexpr char kAppend[] = "append";
inline constexpr char kFlush[] = "flush";
}  // namespace append

// Bucket ?presence= filter (FltPresence).
enum class Presence : int {
    kExists = 0,
    kExistsNoProps = 1,
    kPresent = 2,
    kPresentNoProps = 3,
    kPresentInCluster = 4,
    kExistsOutside = 5,
};

// LsoMsg.flags bits (spec §4.1).
namespace ls {
inline constexpr uint64_t kCached = 1ull << 0;
inline constexpr uint64_t kMissing = 1ull << 1;
inline constexpr uint64_t kDeleted = 1ull << 2;
inline constexpr uint64_t kArchDir = 1ull << 3;
inline constexpr uint64_t kNameOnly = 1ull << 4;
inline constexpr uint64_t kNameSize = 1ull << 5;
inline constexpr uint64_t kBckPresent = 1ull << 6;
inline constexpr uint64_t kDontHeadRemote = 1ull << 7;
inline constexpr uint64_t kDontAddRemote = 1ull << 8;
inline constexpr uint64_t kNotCached = 1ull << 9;
inline constexpr uint64_t kOnlyRemoteProps = 1ull << 10;
inline constexpr uint64_t kNoRecursion = 1ull << 11;
inline constexpr uint64_t kDiff = 1ull << 12;
inline constexpr uint64_t kNoDirs = 1ull << 13;
inline constexpr uint64_t kIsS3 = 1ull << 14;
inline constexpr uint64_t kNBI = 1ull << 15;

// LsoMsg.props names (comma-separated on the wire).
inline constexpr char kPropName[] = "name";
inline constexpr char kPropSize[] = "size";
inline constexpr char kPropChecksum[] = "checksum";
inline constexpr char kPropAtime[] = "atime";
inline constexpr char kPropVersion[] = "version";
inline constexpr char kPropCached[] = "cached";
inline constexpr char kPropStatus[] = "status";
inline constexpr char kPropCopies[] = "copies";
inline constexpr char kPropEC[] = "ec";
inline constexpr char kPropCustom[] = "custom";
inline constexpr char kPropLocation[] = "location";
inline constexpr char kPropChunked[] = "chunked";
inline constexpr char kPropLastModified[] = "last-modified";
inline constexpr char kPropETag[] = "etag";

// LsoEnt.flags bits (spec §4.2): the low 5 bits are a status, the rest are flags.
inline constexpr uint16_t kEntStatusMask = 0x1f;
inline constexpr uint16_t kEntOK = 0;
inline constexpr uint16_t kEntMisplacedNode = 1;
inline constexpr uint16_t kEntMisplacedMpath = 2;
inline constexpr uint16_t kEntIsCopy = 3;
inline constexpr uint16_t kEntCopyMissing = 4;
inline constexpr uint16_t kEntPresent = 1u << 6;  // "cached": set for every in-cluster object
inline constexpr uint16_t kEntInArch = 1u << 7;
inline constexpr uint16_t kEntIsDir = 1u << 8;
inline constexpr uint16_t kEntIsArchive = 1u << 9;
inline constexpr uint16_t kEntVerChanged = 1u << 10;
inline constexpr uint16_t kEntVerRemoved = 1u << 11;
inline constexpr uint16_t kEntHeadFailed = 1u << 12;
inline constexpr uint16_t kEntChunked = 1u << 13;
}  // namespace ls

// Default list-objects page size for AIS buckets.
inline constexpr int64_t kDefaultPageSizeAIS = 10000;

}  // namespace ais::api
