import { escapeMarkup } from '../markup.ts';

export interface XmpFields {
  title: string;
  author: string;
  lang: string;
  /** ISO date. */
  date: string;
  producer: string;
  creatorTool: string;
}

/** XMP metadata for PDF/UA-1: Dublin Core title, creator and language, dates, and pdfuaid:part 1. */
export function xmpPacket(fields: XmpFields): string {
  const when = `${fields.date}T00:00:00Z`;
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeMarkup(fields.title)}</rdf:li><rdf:li xml:lang="${escapeMarkup(fields.lang)}">${escapeMarkup(fields.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${escapeMarkup(fields.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>${escapeMarkup(fields.lang)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>${when}</xmp:CreateDate>
   <xmp:ModifyDate>${when}</xmp:ModifyDate>
   <xmp:MetadataDate>${when}</xmp:MetadataDate>
   <xmp:CreatorTool>${escapeMarkup(fields.creatorTool)}</xmp:CreatorTool>
   <pdf:Producer>${escapeMarkup(fields.producer)}</pdf:Producer>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}
