import { execFileSync } from 'node:child_process';

/**
 * The XMP of a PDF as independent tools read it: qpdf finds and decodes the
 * catalog's /Metadata stream, Python's expat (a strict XML parser) parses
 * it. Throws when either refuses it.
 */
const SCRIPT = String.raw`
import json, sys, base64, xml.dom.minidom
objs = json.load(sys.stdin)['qpdf'][1]
def get(ref): return objs['obj:' + ref]
root = get(objs['trailer']['value']['/Root'])['value']
stream = get(root['/Metadata'])['stream']
data = base64.b64decode(stream['data'])
data.decode('utf-8')  # strict: not UTF-8 raises
doc = xml.dom.minidom.parseString(data)
RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'
def texts(ns, name):
    out = []
    for el in doc.getElementsByTagNameNS(ns, name):
        for li in el.getElementsByTagNameNS(RDF, 'li'):
            out.append({'lang': li.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'lang'), 'text': ''.join(n.data for n in li.childNodes if n.nodeType == n.TEXT_NODE)})
    return out
parts = [''.join(n.data for n in el.childNodes if n.nodeType == n.TEXT_NODE) for el in doc.getElementsByTagNameNS('http://www.aiim.org/pdfua/ns/id/', 'part')]
print(json.dumps({'title': texts('http://purl.org/dc/elements/1.1/', 'title'), 'language': texts('http://purl.org/dc/elements/1.1/', 'language'), 'pdfuaPart': parts}))
`;

export interface IndependentXmp {
  title: { lang: string; text: string }[];
  language: { lang: string; text: string }[];
  pdfuaPart: string[];
}

export function readXmpIndependently(file: string): IndependentXmp {
  const json = execFileSync('qpdf', ['--json', '--json-key=qpdf', '--json-stream-data=inline', file], { maxBuffer: 512 * 1024 * 1024 });
  return JSON.parse(execFileSync('python3', ['-c', SCRIPT], { input: json }).toString('utf8')) as IndependentXmp;
}
