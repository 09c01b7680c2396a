// The S3 API as common clients use it unmodified (issue 10, item 3): S3 at the root with the
// feature S3-API-via-Root, virtual-hosted-style requests, aws-chunked bodies, checksums on GET/HEAD,
// bucket versioning, object tagging, multipart part-size rule, UploadPartCopy and GET by part.
#include "tests/integration/s3_common.hpp"

using namespace s3test;

namespace {

// Sets the cluster's feature flags and waits until the proxy sees them (GET / answers 200 when
// S3-API-via-Root is on, 404 when off).
void set_features(LocalCluster& c, const std::string& v, int want_root_status) {
    c.client().set_cluster_config({{"features", v}});
    net::Client http;
    for (int i = 0; i < 100; ++i) {
        if (http.call({.method = "GET", .url = c.endpoint() + "/"}).status == want_root_status) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "features=" << v << " did not take effect";
}

}  // namespace

// With the cluster feature "S3-API-via-Root" (bit 3, as in AIS) the S3 API is also served at the
// root: the AWS CLI works with --endpoint-url http://host:port (no /s3): buckets, objects,
// multipart, listing, presigned URLs. Without it, the root is the native API's 404.
TEST_F(S3, AwsCliAtRootWithFeatureS3ApiViaRoot) {
    AIS_REQUIRE(have("/usr/bin/aws"), "awscli not installed");
    const std::string root = cluster_->endpoint();
    net::Client http;
    EXPECT_EQ(http.call({.method = "GET", .url = root + "/"}).status, 404);
    set_features(*cluster_, "8", 200);
    const std::string cfg = work_ + "/aws-root.cfg", big = work_ + "/root-big.bin", out = work_ + "/root.out";
    spit(cfg, "[default]\ns3 =\n  multipart_threshold = 8MB\n  multipart_chunksize = 8MB\n");
    auto awsr = [&](const std::string& args) {
        return sh(env() + "AWS_CONFIG_FILE=" + cfg + " /usr/bin/aws --endpoint-url " + root + " " + args);
    };
    auto r = awsr("s3 mb s3://rootb");
    ASSERT_EQ(r.rc, 0) << r.text;
    r = awsr("s3api list-buckets --query 'Buckets[].Name' --output text");
    EXPECT_NE(r.text.find("rootb"), std::string::npos) << r.text;
    ASSERT_EQ(sh("head -c 20971520 /dev/urandom > " + big).rc, 0);  // 3 parts: 8 + 8 + 4 MiB
    r = awsr("s3 cp " + big + " s3://rootb/dir/big.bin");
    ASSERT_EQ(r.rc, 0) << r.text;
    r = awsr("s3api head-object --bucket rootb --key dir/big.bin");
    EXPECT_NE(r.text.find(multipart_etag(big, 8 << 20)), std::string::npos) << r.text;
    r = awsr("s3 cp s3://rootb/dir/big.bin " + out);
    ASSERT_EQ(r.rc, 0) << r.text;
    EXPECT_EQ(sh("cmp " + big + " " + out).rc, 0);
    r = awsr("s3 ls s3://rootb/");
    EXPECT_NE(r.text.find("PRE dir/"), std::string::npos) << r.text;
    r = awsr("s3 ls s3://rootb/dir/");
    EXPECT_NE(r.text.find("20971520 big.bin"), std::string::npos) << r.text;
    // presigned GET at the root, fetched with curl
    r = awsr("s3 presign s3://rootb/dir/big.bin --expires-in 600");
    ASSERT_EQ(r.rc, 0) << r.text;
    std::string url = r.text.substr(0, r.text.find('\n'));
    EXPECT_EQ(url.rfind(root + "/rootb/dir/big.bin?", 0), 0u) << url;
    EXPECT_EQ(sh("curl -sf -o " + out + " '" + url + "' && cmp " + big + " " + out).rc, 0);
    // the native API and /s3 are unaffected
    EXPECT_EQ(cluster_->client().head_object(bck("rootb"), "dir/big.bin").size, 20971520);
    EXPECT_EQ(http.call({.method = "HEAD", .url = s3url_ + "/rootb/dir/big.bin"}).status, 200);
    EXPECT_EQ(http.call({.method = "GET", .url = root + "/v1/nosuch"}).status, 404);
    r = awsr("s3 rb --force s3://rootb");
    EXPECT_EQ(r.rc, 0) << r.text;
    set_features(*cluster_, "0", 404);
    EXPECT_EQ(http.call({.method = "GET", .url = root + "/rootb/dir/big.bin"}).status, 404);
    std::filesystem::remove(big);
    std::filesystem::remove(out);
}

// Virtual-hosted style: the bucket is the first label of the Host header. boto3 with
// addressing_style='virtual' puts the bucket in the host name (http://vhost.localhost:PORT/s3/key);
// since *.localhost may not resolve here, a before-send hook sends each request to 127.0.0.1 with
// the Host header boto3 built (what DNS would have done). Raw HTTP checks the root and the rules.
TEST_F(S3, VirtualHostedStyle) {
    AIS_REQUIRE(have("/usr/bin/python3") && sh("/usr/bin/python3 -c 'import boto3'").rc == 0, "boto3 not installed");
    auto hostport = cluster_->endpoint().substr(std::string("http://").size());
    auto port = hostport.substr(hostport.rfind(':') + 1);
    auto r = py(R"(
import urllib.parse
vs = boto3.client('s3', endpoint_url='http://localhost:)" +
                port + R"(/s3', aws_access_key_id='x', aws_secret_access_key='y',
                  region_name='us-east-1', config=Config(s3={'addressing_style': 'virtual'}))
hosts = []
def to_loopback(request, **kw):
    u = urllib.parse.urlsplit(request.url)
    hosts.append(u.netloc)
    request.headers['Host'] = u.netloc
    request.url = urllib.parse.urlunsplit((u.scheme, '127.0.0.1:' + str(u.port), u.path, u.query, u.fragment))
vs.meta.events.register('before-send.s3', to_loopback)
vs.create_bucket(Bucket='vhost')
assert hosts[-1] == 'vhost.localhost:)" +
                port + R"(', hosts
vs.put_object(Bucket='vhost', Key='a/b.txt', Body=b'virtual', Metadata={'m': '1'})
assert vs.get_object(Bucket='vhost', Key='a/b.txt')['Body'].read() == b'virtual'
assert vs.head_object(Bucket='vhost', Key='a/b.txt')['Metadata'] == {'m': '1'}
assert [o['Key'] for o in vs.list_objects_v2(Bucket='vhost')['Contents']] == ['a/b.txt']
assert [c['Prefix'] for c in vs.list_objects_v2(Bucket='vhost', Delimiter='/')['CommonPrefixes']] == ['a/']
u = vs.create_multipart_upload(Bucket='vhost', Key='mp')['UploadId']
e = vs.upload_part(Bucket='vhost', Key='mp', UploadId=u, PartNumber=1, Body=b'p' * 1000)['ETag']
vs.complete_multipart_upload(Bucket='vhost', Key='mp', UploadId=u, MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': e}]})
vs.delete_objects(Bucket='vhost', Delete={'Objects': [{'Key': 'mp'}]})
assert 'vhost' in [b['Name'] for b in vs.list_buckets()['Buckets']]
assert all(h.startswith('vhost.') for h in hosts if h != 'localhost:)" +
                port + R"('), hosts
# the same objects, path style
assert s3.get_object(Bucket='vhost', Key='a/b.txt')['Body'].read() == b'virtual'
try:
    vs.head_bucket(Bucket='nosuchvhost')
    assert False
except s3.exceptions.ClientError as e:
    assert e.response['Error']['Code'] == '404', e.response
)");
    EXPECT_NE(r.text.find("PYOK"), std::string::npos) << r.text;
    // Raw HTTP, at the root (feature on): Host picks the bucket; IP literals and unknown first
    // labels stay path style.
    set_features(*cluster_, "8", 200);
    auto curl = [&](const std::string& args) { return sh("curl -s -w '\\n%{http_code}' " + args); };
    r = curl("-H 'Host: vhost.localhost:" + port + "' http://" + hostport + "/a/b.txt");
    EXPECT_EQ(r.text, "virtual\n200") << r.text;
    r = curl("-H 'Host: vhost.example.com' http://" + hostport + "/a/b.txt");
    EXPECT_EQ(r.text, "virtual\n200") << r.text;
    r = curl("-H 'Host: 127.0.0.1:" + port + "' http://" + hostport + "/vhost/a/b.txt");
    EXPECT_EQ(r.text, "virtual\n200") << r.text;
    r = curl("-H 'Host: notabucket.example.com' http://" + hostport + "/vhost/a/b.txt");
    EXPECT_EQ(r.text, "virtual\n200") << r.text;
    r = curl("-H 'Host: vhost.localhost' http://" + hostport + "/?list-type=2");
    EXPECT_NE(r.text.find("<Key>a/b.txt</Key>"), std::string::npos) << r.text;
    set_features(*cluster_, "0", 404);
    cluster_->client().destroy_bucket(bck("vhost"));
}

// aws-chunked bodies (streaming SigV4): decoded while they stream, the framing validated, only the
// payload stored. botocore sends them (unsigned, with a checksum trailer) over HTTPS only, so the
// test forces its trailer mode over HTTP with a patch of httpchecksum (the wire bytes are botocore's
// own); the signed variant and malformed bodies are built by hand after AWS's documented format.
TEST_F(S3, AwsChunkedBodies) {
    AIS_REQUIRE(have("/usr/bin/python3") && sh("/usr/bin/python3 -c 'import boto3'").rc == 0, "boto3 not installed");
    auto hostport = cluster_->endpoint().substr(std::string("http://").size());
    auto r = py(R"(
import base64, hashlib, http.client, zlib
import botocore.httpchecksum as hc
orig = hc.resolve_request_checksum_algorithm
def trailer_over_http(request, operation_model, params, supported_algorithms=None):
    orig(request, operation_model, params, supported_algorithms)
    alg = request['context'].get('checksum', {}).get('request_algorithm')
    if isinstance(alg, dict) and operation_model.has_streaming_input:
        alg['in'] = 'trailer'
hc.resolve_request_checksum_algorithm = trailer_over_http
sent = []
s3.meta.events.register('before-send.s3', lambda request, **kw: sent.append({k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}))
s3.create_bucket(Bucket='chunked')
data = bytes(range(256)) * 4000 + b'tail'
for alg in ('CRC32', 'SHA256', 'CRC32C', 'SHA1'):
    r = s3.put_object(Bucket='chunked', Key='boto/' + alg, Body=data, ChecksumAlgorithm=alg)
    h = sent[-1]
    assert h.get('content-encoding') == 'aws-chunked' and h.get('x-amz-trailer') == 'x-amz-checksum-' + alg.lower(), h
    assert h.get('x-amz-content-sha256') == 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', h
    assert r['ETag'] == '"%s"' % hashlib.md5(data).hexdigest(), r
    g = s3.get_object(Bucket='chunked', Key='boto/' + alg, ChecksumMode='ENABLED')  # botocore validates it
    assert g['Body'].read() == data and ('Checksum' + alg) in g, g
# UploadPart with a trailer too (6 MiB + a last part)
u = s3.create_multipart_upload(Bucket='chunked', Key='mpu')['UploadId']
p1 = b'1' * (6 << 20)
e1 = s3.upload_part(Bucket='chunked', Key='mpu', UploadId=u, PartNumber=1, Body=p1, ChecksumAlgorithm='CRC32')['ETag']
assert sent[-1].get('content-encoding') == 'aws-chunked'
e2 = s3.upload_part(Bucket='chunked', Key='mpu', UploadId=u, PartNumber=2, Body=b'22', ChecksumAlgorithm='CRC32')['ETag']
s3.complete_multipart_upload(Bucket='chunked', Key='mpu', UploadId=u, MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': e1}, {'PartNumber': 2, 'ETag': e2}]})
assert s3.get_object(Bucket='chunked', Key='mpu')['Body'].read() == p1 + b'22'

def chunks(payload, sizes, signed=True):
    out, off = b'', 0
    for n in sizes + [0]:
        c = payload[off:off + n]; off += n
        ext = (';chunk-signature=' + hashlib.sha256(c).hexdigest()).encode() if signed else b''
        out += b'%x' % n + ext + b'\r\n' + c + (b'\r\n' if n else b'')
    return out
def put(key, body, decoded, sha='STREAMING-AWS4-HMAC-SHA256-PAYLOAD', extra=None):
    c = http.client.HTTPConnection(')" +
                hostport + R"(', timeout=60)
    h = {'Content-Encoding': 'aws-chunked', 'x-amz-content-sha256': sha, 'Content-Length': str(len(body)),
         'Authorization': 'AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00'}
    if decoded is not None: h['x-amz-decoded-content-length'] = str(decoded)
    h.update(extra or {})
    c.request('PUT', '/s3/chunked/' + key, body=body, headers=h)
    r = c.getresponse()
    return r.status, r.read()
payload = b'a' * 65536 + b'b' * 1024
# signed (AWS's example framing: 64 KiB chunk, 1 KiB chunk, final chunk)
ok = chunks(payload, [65536, 1024]) + b'\r\n'
code, body = put('signed', ok, len(payload))
assert code == 200, (code, body)
assert s3.get_object(Bucket='chunked', Key='signed')['Body'].read() == payload
# many 1-byte chunks; 8 MiB in 64 KiB chunks; the signed variant with a trailer
tiny = bytes(range(256)) * 12
code, body = put('tiny', chunks(tiny, [1] * len(tiny)) + b'\r\n', len(tiny))
assert code == 200 and s3.get_object(Bucket='chunked', Key='tiny')['Body'].read() == tiny, (code, body)
big = bytes(range(256)) * (32 << 10)
code, body = put('big', chunks(big, [65536] * 128) + b'\r\n', len(big))
assert code == 200 and s3.get_object(Bucket='chunked', Key='big')['Body'].read() == big, (code, body)
sha = base64.b64encode(hashlib.sha256(payload).digest())
st = chunks(payload, [65536, 1024]) + b'x-amz-checksum-sha256:' + sha + b'\r\nx-amz-trailer-signature:' + b'1' * 64 + b'\r\n\r\n'
code, body = put('signed-trailer', st, len(payload), 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', {'x-amz-trailer': 'x-amz-checksum-sha256'})
assert code == 200, (code, body)
assert s3.head_object(Bucket='chunked', Key='signed-trailer', ChecksumMode='ENABLED')['ChecksumSHA256'] == sha.decode()
code, body = put('signed-trailer-nosig', st.replace(b'x-amz-trailer-signature:' + b'1' * 64 + b'\r\n', b''), len(payload), 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', {'x-amz-trailer': 'x-amz-checksum-sha256'})
assert code == 400, (code, body)
# empty payload
code, body = put('empty', chunks(b'', []) + b'\r\n', 0)
assert code == 200 and s3.get_object(Bucket='chunked', Key='empty')['Body'].read() == b'', (code, body)
# unsigned with a trailer, by hand; the stored checksum comes back with x-amz-checksum-mode
crc = base64.b64encode(zlib.crc32(payload).to_bytes(4, 'big')).decode()
tr = chunks(payload, [65536, 1024], signed=False) + b'x-amz-checksum-crc32:' + crc.encode() + b'\r\n\r\n'
code, body = put('trailer', tr, len(payload), 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', {'x-amz-trailer': 'x-amz-checksum-crc32'})
assert code == 200, (code, body)
h = s3.head_object(Bucket='chunked', Key='trailer', ChecksumMode='ENABLED')
assert h.get('ChecksumCRC32') == crc and h['ContentLength'] == len(payload), h
assert 'ChecksumCRC32' not in s3.head_object(Bucket='chunked', Key='trailer')
# malformed: every one is 400 and stores nothing
bad = {
  'bad-hex': (b'zz;chunk-signature=' + b'0' * 64 + b'\r\n' + payload + b'\r\n0;chunk-signature=' + b'0' * 64 + b'\r\n\r\n', len(payload)),
  'no-sig': (chunks(payload, [len(payload)], signed=False) + b'\r\n', len(payload)),
  'short-sig': (b'%x;chunk-signature=abc\r\n' % len(payload) + payload + b'\r\n0;chunk-signature=' + b'0' * 64 + b'\r\n\r\n', len(payload)),
  'no-crlf': (ok.replace(b'a' * 65536 + b'\r\n', b'a' * 65536 + b'XX'), len(payload)),
  'no-final': (chunks(payload, [65536, 1024])[:-(len(b'0;chunk-signature=') + 64 + 2)], len(payload)),
  'no-final-crlf': (chunks(payload, [65536, 1024]), len(payload)),
  'decoded-short': (ok, len(payload) + 10),
  'decoded-long': (ok, len(payload) - 10),
  'garbage-after': (ok + b'junk', len(payload)),
}
for key, (b, dl) in bad.items():
    code, body = put(key, b, dl)
    assert code == 400, (key, code, body)
    assert b'<Code>' in body, (key, body)
code, body = put('no-decoded-length', ok, None)
assert code == 411 and b'MissingContentLength' in body, (code, body)
code, body = put('bad-crc', tr.replace(crc.encode(), b'AAAAAA=='), len(payload), 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', {'x-amz-trailer': 'x-amz-checksum-crc32'})
assert code == 400 and b'BadDigest' in body, (code, body)
code, body = put('undeclared', tr, len(payload), 'STREAMING-UNSIGNED-PAYLOAD-TRAILER')
assert code == 400, (code, body)
code, body = put('missing-trailer', chunks(payload, [65536, 1024], signed=False) + b'\r\n', len(payload), 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', {'x-amz-trailer': 'x-amz-checksum-crc32'})
assert code == 400, (code, body)
keys = sorted(o['Key'] for o in s3.list_objects_v2(Bucket='chunked')['Contents'])
assert keys == ['big', 'boto/CRC32', 'boto/CRC32C', 'boto/SHA1', 'boto/SHA256', 'empty', 'mpu', 'signed', 'signed-trailer', 'tiny', 'trailer'], keys
)");
    EXPECT_NE(r.text.find("PYOK"), std::string::npos) << r.text;
    // The AWS CLI over plain HTTP: its botocore sends checksums as headers there (not aws-chunked);
    // `aws s3 cp` and a CRC32 PutObject work, and the checksum comes back with --checksum-mode.
    if (have("/usr/bin/aws")) {
        const std::string f = work_ + "/chunked-cli.bin", out = work_ + "/chunked-cli.out";
        spit(f, random_bytes(300000, 5));
        auto a = aws("s3 cp " + f + " s3://chunked/cp.bin");
        EXPECT_EQ(a.rc, 0) << a.text;
        a = aws("s3 cp s3://chunked/cp.bin " + out);
        EXPECT_EQ(a.rc, 0) << a.text;
        EXPECT_TRUE(slurp(out) == slurp(f));
        a = aws("s3api put-object --checksum-algorithm CRC32 --bucket chunked --key cli.bin --body " + f);
        EXPECT_EQ(a.rc, 0) << a.text;
        a = aws("s3api head-object --bucket chunked --key cli.bin --checksum-mode ENABLED");
        EXPECT_NE(a.text.find("ChecksumCRC32"), std::string::npos) << a.text;
        a = aws("s3api head-object --bucket chunked --key cli.bin");
        EXPECT_EQ(a.text.find("ChecksumCRC32"), std::string::npos) << a.text;
    }
    cluster_->client().destroy_bucket(bck("chunked"));
}

// PutBucketVersioning/GetBucketVersioning map to the bucket's versioning.enabled; object tags are
// stored with the object; buckets have no tags (GET NoSuchTagSet, PUT NotImplemented).
TEST_F(S3, VersioningAndTagging) {
    AIS_REQUIRE(have("/usr/bin/python3") && sh("/usr/bin/python3 -c 'import boto3'").rc == 0, "boto3 not installed");
    auto r = py(R"(
import botocore
s3.create_bucket(Bucket='vt')
assert s3.get_bucket_versioning(Bucket='vt')['Status'] == 'Enabled'
s3.put_bucket_versioning(Bucket='vt', VersioningConfiguration={'Status': 'Suspended'})
assert s3.get_bucket_versioning(Bucket='vt')['Status'] == 'Suspended'
s3.put_object(Bucket='vt', Key='o', Body=b'x', Tagging='team=ml&stage=dev')
g = s3.get_object(Bucket='vt', Key='o')
assert g['TagCount'] == 2, g
t = s3.get_object_tagging(Bucket='vt', Key='o')['TagSet']
assert sorted((x['Key'], x['Value']) for x in t) == [('stage', 'dev'), ('team', 'ml')], t
s3.put_object_tagging(Bucket='vt', Key='o', Tagging={'TagSet': [{'Key': 'a b', 'Value': 'c&d=e'}]})
assert s3.get_object_tagging(Bucket='vt', Key='o')['TagSet'] == [{'Key': 'a b', 'Value': 'c&d=e'}]
assert s3.get_object(Bucket='vt', Key='o')['Body'].read() == b'x'  # data and ETag untouched
s3.delete_object_tagging(Bucket='vt', Key='o')
assert s3.get_object_tagging(Bucket='vt', Key='o')['TagSet'] == []
def code(f, **kw):
    try:
        f(**kw)
    except botocore.exceptions.ClientError as e:
        return e.response['Error']['Code']
    return 'OK'
assert code(s3.put_object_tagging, Bucket='vt', Key='nosuch', Tagging={'TagSet': []}) == 'NoSuchKey'
assert code(s3.put_object_tagging, Bucket='vt', Key='o', Tagging={'TagSet': [{'Key': 'k', 'Value': '1'}, {'Key': 'k', 'Value': '2'}]}) == 'InvalidTag'
assert code(s3.put_object_tagging, Bucket='vt', Key='o', Tagging={'TagSet': [{'Key': 'k%d' % i, 'Value': ''} for i in range(11)]}) in ('BadRequest', 'InvalidTag')
assert code(s3.get_bucket_tagging, Bucket='vt') == 'NoSuchTagSet'
assert code(s3.put_bucket_tagging, Bucket='vt', Tagging={'TagSet': [{'Key': 'k', 'Value': 'v'}]}) == 'NotImplemented'
assert code(s3.delete_bucket_cors, Bucket='vt') == 'NotImplemented'
assert code(s3.put_bucket_acl, Bucket='vt', ACL='private') == 'NotImplemented'
assert s3.head_bucket(Bucket='vt')['ResponseMetadata']['HTTPStatusCode'] == 200  # none of these removed it
# CopyObject with x-amz-metadata-directive / x-amz-tagging-directive REPLACE (and in place)
s3.put_object(Bucket='vt', Key='m', Body=b'meta', Metadata={'a': '1'}, Tagging='t=1')
etag = s3.head_object(Bucket='vt', Key='m')['ETag']
s3.copy_object(Bucket='vt', Key='m2', CopySource='vt/m', MetadataDirective='REPLACE', Metadata={'b': '2'}, ContentType='text/x')
h = s3.head_object(Bucket='vt', Key='m2')
assert h['Metadata'] == {'b': '2'} and h['ContentType'] == 'text/x' and h['ETag'] == etag, h
assert s3.get_object_tagging(Bucket='vt', Key='m2')['TagSet'] == [{'Key': 't', 'Value': '1'}]
s3.copy_object(Bucket='vt', Key='m', CopySource='vt/m', MetadataDirective='REPLACE', Metadata={'c': '3'})
h = s3.head_object(Bucket='vt', Key='m')
assert h['Metadata'] == {'c': '3'} and h['ETag'] == etag, h
assert s3.get_object(Bucket='vt', Key='m')['Body'].read() == b'meta'
assert code(s3.copy_object, Bucket='vt', Key='m', CopySource='vt/m') == 'InvalidRequest'
assert code(s3.copy_object, Bucket='vt', Key='m5', CopySource='vt/m', CopySourceIfMatch='"0123"') == 'PreconditionFailed'
assert code(s3.copy_object, Bucket='vt', Key='m5', CopySource='vt/m', CopySourceIfNoneMatch=etag) == 'PreconditionFailed'
s3.copy_object(Bucket='vt', Key='m5', CopySource='vt/m', CopySourceIfMatch=etag)
import datetime
future = datetime.datetime(2100, 1, 1, tzinfo=datetime.timezone.utc)
assert code(s3.copy_object, Bucket='vt', Key='m6', CopySource='vt/m', CopySourceIfModifiedSince=future) == 'PreconditionFailed'
s3.copy_object(Bucket='vt', Key='m6', CopySource='vt/m', CopySourceIfUnmodifiedSince=future)
s3.copy_object(Bucket='vt', Key='m3', CopySource='vt/m', TaggingDirective='REPLACE', Tagging='x=y')
assert s3.get_object_tagging(Bucket='vt', Key='m3')['TagSet'] == [{'Key': 'x', 'Value': 'y'}]
assert s3.head_object(Bucket='vt', Key='m3')['Metadata'] == {'c': '3'}
s3.put_bucket_versioning(Bucket='vt', VersioningConfiguration={'Status': 'Enabled'})
assert s3.get_bucket_versioning(Bucket='vt')['Status'] == 'Enabled'
)");
    EXPECT_NE(r.text.find("PYOK"), std::string::npos) << r.text;
    EXPECT_TRUE(cluster_->client().head_bucket(bck("vt")).versioning.enabled);
    // bad XML
    auto curl = [&](const std::string& args) { return sh("curl -s -w '\\n%{http_code}' " + args); };
    auto c =
        curl("-X PUT --data '<VersioningConfiguration><Status>Maybe</Status></VersioningConfiguration>' '" +
             s3url_ + "/vt?versioning'");
    EXPECT_NE(c.text.find("MalformedXML"), std::string::npos) << c.text;
    EXPECT_TRUE(c.text.ends_with("400")) << c.text;
    c = curl(
        "-X PUT --data '<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>' '" +
        s3url_ + "/vt?versioning'");
    EXPECT_TRUE(c.text.ends_with("200")) << c.text;
    EXPECT_FALSE(cluster_->client().head_bucket(bck("vt")).versioning.enabled);
    c = curl("-X PUT --data 'not xml' '" + s3url_ + "/vt/o?tagging'");
    EXPECT_NE(c.text.find("MalformedXML"), std::string::npos) << c.text;
    c = curl("-X PUT -H 'Content-Length: 0' -H 'x-amz-tagging: a=1&a=2' '" + s3url_ + "/vt/dup'");
    EXPECT_NE(c.text.find("InvalidTag"), std::string::npos) << c.text;
    c = curl("-X PUT -H 'Content-Length: 0' -H 'x-amz-server-side-encryption: aws:kms' '" + s3url_ +
             "/vt/sse'");
    EXPECT_TRUE(c.text.ends_with("501")) << c.text;
    c = curl("'" + s3url_ + "/vt/m?versionId=3'");
    EXPECT_NE(c.text.find("NoSuchVersion"), std::string::npos) << c.text;
    c = curl("'" + s3url_ + "/vt/m?versionId=null'");
    EXPECT_TRUE(c.text.ends_with("200")) << c.text;
    c = curl("-X PUT -H 'Content-Length: 0' -H 'x-amz-checksum-crc64nvme: AAAAAAAAAAA=' '" + s3url_ +
             "/vt/crc64'");
    EXPECT_NE(c.text.find("NotImplemented"), std::string::npos) << c.text;
    EXPECT_TRUE(c.text.ends_with("501")) << c.text;
    c = curl(
        "-X PUT -H 'Content-Length: 0' -H 'x-amz-copy-source: vt/m' -H 'x-amz-metadata-directive: BOGUS' '" +
        s3url_ + "/vt/m4'");
    EXPECT_NE(c.text.find("InvalidArgument"), std::string::npos) << c.text;
    cluster_->client().destroy_bucket(bck("vt"));
}

// Multipart: EntityTooSmall for a non-last part under 5 MiB, UploadPartCopy (whole and ranged), and
// GET/HEAD ?partNumber=N on the completed object.
TEST_F(S3, MultipartPartRulesCopyAndGetByPart) {
    AIS_REQUIRE(have("/usr/bin/python3") && sh("/usr/bin/python3 -c 'import boto3'").rc == 0, "boto3 not installed");
    auto r = py(R"(
import botocore, os
MiB = 1 << 20
def code(f, **kw):
    try:
        f(**kw)
    except botocore.exceptions.ClientError as e:
        return e.response['Error']['Code']
    return 'OK'
s3.create_bucket(Bucket='mp3')
u = s3.create_multipart_upload(Bucket='mp3', Key='small')['UploadId']
e1 = s3.upload_part(Bucket='mp3', Key='small', UploadId=u, PartNumber=1, Body=b'a' * 100)['ETag']
e2 = s3.upload_part(Bucket='mp3', Key='small', UploadId=u, PartNumber=2, Body=b'b' * 50)['ETag']
parts = {'Parts': [{'PartNumber': 1, 'ETag': e1}, {'PartNumber': 2, 'ETag': e2}]}
assert code(s3.complete_multipart_upload, Bucket='mp3', Key='small', UploadId=u, MultipartUpload=parts) == 'EntityTooSmall'
e1 = s3.upload_part(Bucket='mp3', Key='small', UploadId=u, PartNumber=1, Body=b'a' * (5 * MiB))['ETag']  # the upload stays open
parts['Parts'][0]['ETag'] = e1
s3.complete_multipart_upload(Bucket='mp3', Key='small', UploadId=u, MultipartUpload=parts)
assert s3.head_object(Bucket='mp3', Key='small')['ContentLength'] == 5 * MiB + 50

src = os.urandom(12 * MiB + 7)
s3.put_object(Bucket='mp3', Key='src', Body=src)
u = s3.create_multipart_upload(Bucket='mp3', Key='dst')['UploadId']
c1 = s3.upload_part_copy(Bucket='mp3', Key='dst', UploadId=u, PartNumber=1, CopySource={'Bucket': 'mp3', 'Key': 'src'}, CopySourceRange='bytes=0-%d' % (6 * MiB - 1))
c2 = s3.upload_part_copy(Bucket='mp3', Key='dst', UploadId=u, PartNumber=2, CopySource='mp3/src', CopySourceRange='bytes=%d-%d' % (6 * MiB, len(src) - 1))
e3 = s3.upload_part(Bucket='mp3', Key='dst', UploadId=u, PartNumber=3, Body=b'end')['ETag']
assert c1['CopyPartResult']['ETag'] and c2['CopyPartResult']['ETag'], c1
assert code(s3.upload_part_copy, Bucket='mp3', Key='dst', UploadId=u, PartNumber=4, CopySource='mp3/src', CopySourceRange='bytes=0-%d' % len(src)) == 'InvalidRange'
assert code(s3.upload_part_copy, Bucket='mp3', Key='dst', UploadId=u, PartNumber=4, CopySource='mp3/nosuch') == 'NoSuchKey'
assert code(s3.upload_part_copy, Bucket='mp3', Key='dst', UploadId=u, PartNumber=4, CopySource='mp3/src', CopySourceRange='5-6') == 'InvalidArgument'
s3.complete_multipart_upload(Bucket='mp3', Key='dst', UploadId=u, MultipartUpload={'Parts': [
    {'PartNumber': 1, 'ETag': c1['CopyPartResult']['ETag']}, {'PartNumber': 2, 'ETag': c2['CopyPartResult']['ETag']}, {'PartNumber': 3, 'ETag': e3}]})
whole = src + b'end'
assert s3.get_object(Bucket='mp3', Key='dst')['Body'].read() == whole
# a whole-object UploadPartCopy
u = s3.create_multipart_upload(Bucket='mp3', Key='dst2')['UploadId']
c = s3.upload_part_copy(Bucket='mp3', Key='dst2', UploadId=u, PartNumber=1, CopySource={'Bucket': 'mp3', 'Key': 'src'})
s3.complete_multipart_upload(Bucket='mp3', Key='dst2', UploadId=u, MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': c['CopyPartResult']['ETag']}]})
assert s3.get_object(Bucket='mp3', Key='dst2')['Body'].read() == src

# GET/HEAD by part number
g = s3.get_object(Bucket='mp3', Key='dst', PartNumber=2)
assert g['ResponseMetadata']['HTTPStatusCode'] == 206 and g['PartsCount'] == 3, g
assert g['Body'].read() == whole[6 * MiB:len(src)]
assert g['ContentRange'] == 'bytes %d-%d/%d' % (6 * MiB, len(src) - 1, len(whole)), g['ContentRange']
h = s3.head_object(Bucket='mp3', Key='dst', PartNumber=3)
assert h['ContentLength'] == 3 and h['PartsCount'] == 3, h
assert s3.get_object(Bucket='mp3', Key='dst', PartNumber=3)['Body'].read() == b'end'
assert s3.get_object(Bucket='mp3', Key='dst', PartNumber=1)['Body'].read() == whole[:6 * MiB]
assert code(s3.get_object, Bucket='mp3', Key='dst', PartNumber=4) == 'InvalidPartNumber'
assert code(s3.get_object, Bucket='mp3', Key='dst', PartNumber=1, Range='bytes=0-1') == 'InvalidRequest'
# a plain object is one part
assert s3.get_object(Bucket='mp3', Key='src', PartNumber=1)['Body'].read() == src
assert code(s3.get_object, Bucket='mp3', Key='src', PartNumber=2) == 'InvalidPartNumber'
)");
    EXPECT_NE(r.text.find("PYOK"), std::string::npos) << r.text;
    cluster_->client().destroy_bucket(bck("mp3"));
}
